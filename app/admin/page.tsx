import { redirect } from "next/navigation";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";

export default async function AdminHome() {
  await requireStaffPage(pageAccess["/admin"]);
  redirect("/admin/articles");
}
