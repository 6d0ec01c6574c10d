import { describe, expect, it } from "vitest";
import { actionAccess, allowedRoles, can, pageAccess, PERMISSIONS, roleAtLeast, routeAccess, wireApiAccess } from "@/lib/auth/permissions";
import { isListedStatus, isPublicAt } from "@/lib/articles/visibility-rule";
import { ROLE_LABELS, STATUS_LABELS } from "@/lib/i18n/labels";

// Who may do what, as it was written out in each page, action and lib command before it moved
// into lib/auth/permissions (issue 10): this table must not change without a decision.
describe("permissions", () => {
  it("keeps who may do what", () => {
    const holders = Object.fromEntries(Object.keys(PERMISSIONS).map((name) => [name, [...allowedRoles(name as keyof typeof PERMISSIONS)].sort()]));
    expect(holders).toEqual({
      write: ["admin", "editor", "writer"],
      publish: ["admin", "editor"],
      editEveryStory: ["admin", "editor"],
      seeEveryStory: ["admin", "editor"],
      writeForOthers: ["admin", "editor"],
      correct: ["admin", "editor"],
      restore: ["admin", "editor"],
      // Issue 13: writers post to the live coverages they author (lib/live); editors arrange the front page.
      postLiveEntries: ["admin", "editor", "writer"],
      curateFrontPage: ["admin", "editor"],
      // Issue 14: everyone reads the wire queue and drafts from it; editors triage and poll; admins own the sources.
      readWire: ["admin", "editor", "writer"],
      triageWire: ["admin", "editor"],
      manageWireSources: ["admin"],
      // Issue 15: editors send breaking alerts and see counts; addresses are for admins.
      sendNewsletters: ["admin", "editor"],
      manageSubscribers: ["admin"],
      manageTags: ["admin", "editor"],
      manageUsers: ["admin"],
      manageKeys: ["admin"],
    });
  });

  it("answers can() for users, keys and nobody", () => {
    expect(can({ role: "writer" }, "write")).toBe(true);
    expect(can({ role: "writer" }, "publish")).toBe(false);
    expect(can({ role: "editor" }, "publish")).toBe(true);
    expect(can({ role: "editor" }, "manageUsers")).toBe(false);
    expect(can({ role: "admin" }, "manageKeys")).toBe(true);
    expect(can(null, "write")).toBe(false);
    expect(can(undefined, "write")).toBe(false);
    expect(roleAtLeast({ role: "editor" }, "writer")).toBe(true);
    expect(roleAtLeast({ role: "editor" }, "admin")).toBe(false);
  });

  it("declares the role lists pages, actions and routes had before", () => {
    const sorted = (record: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(record).map(([key, roles]) => [key, [...roles].sort()]));
    const everyone = ["admin", "editor", "writer"];
    const editors = ["admin", "editor"];
    expect(sorted(pageAccess)).toEqual({
      "/admin": everyone,
      "/admin/articles": everyone,
      "/admin/articles/new": everyone,
      "/admin/articles/[id]": everyone,
      "/admin/articles/[id]/preview": everyone,
      "/admin/articles/[id]/revisions": everyone,
      "/admin/articles/[id]/revisions/[revisionId]": everyone,
      "/admin/articles/[id]/live": everyone,
      "/admin/front-page": editors,
      "/admin/wire": everyone,
      "/admin/wire/sources": ["admin"],
      "/admin/newsletters": editors,
      "/admin/tags": editors,
      "/admin/users": ["admin"],
      "/admin/api-keys": ["admin"],
    });
    expect(sorted(actionAccess)).toEqual({
      saveArticleAction: everyone,
      restoreRevisionAction: editors,
      postLiveEntryAction: everyone,
      updateLiveEntryAction: everyone,
      deleteLiveEntryAction: everyone,
      saveFrontPageAction: editors,
      restoreFrontPageRevisionAction: editors,
      ignoreWireItemAction: editors,
      restoreWireItemAction: editors,
      pollWireSourceAction: editors,
      saveWireSourceAction: ["admin"],
      setWireSourcePausedAction: ["admin"],
      sendBreakingAlertAction: editors,
      unsubscribeSubscriberAction: ["admin"],
      eraseSubscriberAction: ["admin"],
      createSectionListAction: ["admin"],
      setListActiveAction: ["admin"],
      renameTagAction: editors,
      mergeTagAction: editors,
      deleteTagAction: editors,
      setTagAliasesAction: editors,
      createUserAction: ["admin"],
      resetPasswordAction: ["admin"],
      setUserDisabledAction: ["admin"],
      clearLoginThrottleAction: ["admin"],
      createApiKeyAction: ["admin"],
      revokeApiKeyAction: ["admin"],
    });
    expect(sorted(routeAccess)).toEqual({
      "/admin/articles/linkable": everyone,
      "/admin/tags/suggest": everyone,
      "/admin/media/upload": everyone,
      "/admin/newsletters/export": ["admin"],
    });
    expect(wireApiAccess).toEqual({
      "/api/v1/wire/sources": "manageWireSources",
      "/api/v1/wire/sources/[id]/poll": "triageWire",
      "/api/v1/wire/items": "readWire",
      "/api/v1/wire/items/[id]/publish": "publish",
    });
  });
});

describe("visibility rule", () => {
  const now = new Date("2026-05-01T12:00:00.000Z");
  it("is public when published or scheduled and its time has come, from a Date or an ISO string", () => {
    expect(isPublicAt({ status: "published", firstPublishedAt: new Date("2026-05-01T11:00:00Z") }, now)).toBe(true);
    expect(isPublicAt({ status: "scheduled", firstPublishedAt: "2026-05-01T12:00:00.000Z" }, now)).toBe(true);
    expect(isPublicAt({ status: "scheduled", firstPublishedAt: "2026-05-01T12:00:01.000Z" }, now)).toBe(false);
    expect(isPublicAt({ status: "draft", firstPublishedAt: new Date("2026-04-01T00:00:00Z") }, now)).toBe(false);
    expect(isPublicAt({ status: "unpublished", firstPublishedAt: "2026-04-01T00:00:00.000Z" }, now)).toBe(false);
    expect(isPublicAt({ status: "published", firstPublishedAt: null }, now)).toBe(false);
    expect(isPublicAt({ status: "published", firstPublishedAt: "" }, now)).toBe(false);
    expect(["draft", "scheduled", "published", "unpublished"].filter((s) => isListedStatus(s as "draft"))).toEqual(["scheduled", "published"]);
  });
});

describe("labels", () => {
  it("name every role and status in Arabic", () => {
    expect(ROLE_LABELS).toEqual({ admin: "مدير", editor: "محرر", writer: "كاتب" });
    expect(STATUS_LABELS).toEqual({ draft: "مسودة", scheduled: "مجدول", published: "منشور", unpublished: "غير منشور" });
  });
});
