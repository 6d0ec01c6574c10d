import type { ReactNode } from "react";

// The framework's floor for `npm run bench:http`: a root layout with nothing in it.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ar" dir="rtl">
      <body>{children}</body>
    </html>
  );
}
