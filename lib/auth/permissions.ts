import type { UserRole } from "@/db/schema";

// Who may do what, in one table. Plain data with no "server-only": server code asks can(), client
// components get booleans computed from it, and the e2e authorization sweep imports the
// declarations below to know what each page, action and route should allow. Every check still runs
// where the work happens (requireStaffPage, staffAction, each route handler, lib commands); this
// module only says what they check. API keys carry a role too and are asked the same way.

/** Weakest first: writer < editor < admin. */
export const ROLES = ["writer", "editor", "admin"] as const satisfies readonly UserRole[];

const EVERY_ROLE = ROLES;
const EDITORS = ["editor", "admin"] as const satisfies readonly UserRole[];
const ADMINS = ["admin"] as const satisfies readonly UserRole[];

export const PERMISSIONS = {
  /** Use the dashboard: write and save drafts of one's own stories, add images, pick tags and links. */
  write: EVERY_ROLE,
  /** Publish, schedule and unpublish. A writer drafts; only an editor or admin publishes. */
  publish: EDITORS,
  /** Edit any story in any status (writers edit their own drafts only). */
  editEveryStory: EDITORS,
  /** Read every story in every status (writers read public stories and their own; lib/articles/visibility). */
  seeEveryStory: EDITORS,
  /** Create a story without being one of its authors. */
  writeForOthers: EDITORS,
  /** Add or change a story's correction note. */
  correct: EDITORS,
  /** Restore an earlier revision of a story. */
  restore: EDITORS,
  /** Post, edit and delete live-coverage entries: editors on any story, writers on their own (lib/live). */
  postLiveEntries: EVERY_ROLE,
  /** Arrange the front page: lead, top stories, the featured strip, the order of section blocks. */
  curateFrontPage: EDITORS,
  /** See the wire desk's queue and draft a story from an item (lib/wire); publishing still needs `publish`. */
  readWire: EVERY_ROLE,
  /** Ignore and restore wire items, and poll a source now. */
  triageWire: EDITORS,
  /** Register, change and pause the outlets the wire desk polls, including permission to fetch a private host. */
  manageWireSources: ADMINS,
  /** Send a breaking-news alert to the «عاجل» list, and see the newsletters' counts and send logs. */
  sendNewsletters: EDITORS,
  /** See subscribers' addresses, export them, unsubscribe or erase them, and define lists. */
  manageSubscribers: ADMINS,
  /** Rename, merge and delete tags. */
  manageTags: EDITORS,
  /** Create users, reset passwords, disable accounts, lift sign-in throttling. */
  manageUsers: ADMINS,
  /** Create and revoke API keys. */
  manageKeys: ADMINS,
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** The roles that hold a permission. */
export const allowedRoles = (permission: Permission): readonly UserRole[] => PERMISSIONS[permission];

/** Whether a user, API key or actor (anything with a role) may do `permission`. */
export function can(who: { role: UserRole } | null | undefined, permission: Permission): boolean {
  return who != null && allowedRoles(permission).includes(who.role);
}

const ROLE_RANK: Record<UserRole, number> = { writer: 1, editor: 2, admin: 3 };

/** writer < editor < admin */
export const roleAtLeast = (user: { role: UserRole }, role: UserRole): boolean => ROLE_RANK[user.role] >= ROLE_RANK[role];

// ---------------------------------------------------------------------------------------------
// What each admin page, server action and cookie-authenticated route handler requires. Each one
// passes its entry to its own check (requireStaffPage, staffAction, the handler's can()), and the
// e2e authorization sweep imports these lists and proves them: every role outside a list is
// refused, and a page, action or route missing here fails the sweep. The JSON API (/api/v1) is
// authorised per key inside lib (can(actor, "publish"), lib/articles/visibility).

/** Admin pages, by route (the folder under app/, dynamic segments as written). */
export const pageAccess = {
  "/admin": allowedRoles("write"),
  "/admin/articles": allowedRoles("write"),
  "/admin/articles/new": allowedRoles("write"),
  "/admin/articles/[id]": allowedRoles("write"),
  "/admin/articles/[id]/preview": allowedRoles("write"),
  "/admin/articles/[id]/revisions": allowedRoles("write"),
  "/admin/articles/[id]/live": allowedRoles("postLiveEntries"),
  "/admin/articles/[id]/revisions/[revisionId]": allowedRoles("write"),
  "/admin/front-page": allowedRoles("curateFrontPage"),
  "/admin/wire": allowedRoles("readWire"),
  "/admin/wire/sources": allowedRoles("manageWireSources"),
  "/admin/newsletters": allowedRoles("sendNewsletters"),
  "/admin/tags": allowedRoles("manageTags"),
  "/admin/users": allowedRoles("manageUsers"),
  "/admin/api-keys": allowedRoles("manageKeys"),
} as const;

/** Server actions under app/admin, by exported name. */
export const actionAccess = {
  saveArticleAction: allowedRoles("write"),
  restoreRevisionAction: allowedRoles("restore"),
  postLiveEntryAction: allowedRoles("postLiveEntries"),
  updateLiveEntryAction: allowedRoles("postLiveEntries"),
  deleteLiveEntryAction: allowedRoles("postLiveEntries"),
  saveFrontPageAction: allowedRoles("curateFrontPage"),
  restoreFrontPageRevisionAction: allowedRoles("curateFrontPage"),
  ignoreWireItemAction: allowedRoles("triageWire"),
  restoreWireItemAction: allowedRoles("triageWire"),
  pollWireSourceAction: allowedRoles("triageWire"),
  saveWireSourceAction: allowedRoles("manageWireSources"),
  setWireSourcePausedAction: allowedRoles("manageWireSources"),
  sendBreakingAlertAction: allowedRoles("sendNewsletters"),
  unsubscribeSubscriberAction: allowedRoles("manageSubscribers"),
  eraseSubscriberAction: allowedRoles("manageSubscribers"),
  createSectionListAction: allowedRoles("manageSubscribers"),
  setListActiveAction: allowedRoles("manageSubscribers"),
  renameTagAction: allowedRoles("manageTags"),
  mergeTagAction: allowedRoles("manageTags"),
  deleteTagAction: allowedRoles("manageTags"),
  setTagAliasesAction: allowedRoles("manageTags"),
  createUserAction: allowedRoles("manageUsers"),
  resetPasswordAction: allowedRoles("manageUsers"),
  setUserDisabledAction: allowedRoles("manageUsers"),
  clearLoginThrottleAction: allowedRoles("manageUsers"),
  createApiKeyAction: allowedRoles("manageKeys"),
  revokeApiKeyAction: allowedRoles("manageKeys"),
} as const;

/**
 * The wire desk's JSON API routes (app/api/v1/wire), by route: the permission each passes to
 * withApiKey, which the authorization sweep asks of every role's key.
 */
export const wireApiAccess = {
  "/api/v1/wire/sources": "manageWireSources",
  "/api/v1/wire/sources/[id]/poll": "triageWire",
  "/api/v1/wire/items": "readWire",
  "/api/v1/wire/items/[id]/publish": "publish",
} as const satisfies Record<string, Permission>;

/** Cookie-authenticated route handlers under app/admin, by route. */
export const routeAccess = {
  "/admin/articles/linkable": allowedRoles("write"),
  "/admin/tags/suggest": allowedRoles("write"),
  "/admin/media/upload": allowedRoles("write"),
  "/admin/newsletters/export": allowedRoles("manageSubscribers"),
} as const;
