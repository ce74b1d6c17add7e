/**
 * Every group of the app with its details: list all with the cursor, and details for each
 * page's ids in one call of up to 100. The next page is listed while the current page's details
 * are fetched, so the two endpoints run at once, each within its own rate limit.
 */
import type { GroupsResource } from '../agora/groups.js';
import type { GroupDetails, GroupPage } from '../agora/responses.js';
import type { CallOptions } from '../agora/transport.js';

export interface ScannedPage {
  /** Details of the page's groups that still exist. */
  groups: GroupDetails[];
  /** Ids listed on the page whose details were gone: deleted between list and details. */
  vanished: string[];
  /** The cursor of the page after this one; absent after the last page. */
  nextCursor?: string;
}

export interface ScanOptions {
  /** Groups per list page, 1–100. @default 100 */
  pageSize?: number;
  /** Start after a checkpoint instead of at the first page. */
  cursor?: string;
  call?: CallOptions;
}

export async function* scanGroups(groups: GroupsResource, options: ScanOptions = {}): AsyncGenerator<ScannedPage> {
  const list = (cursor: string | undefined) => {
    const page = groups.listPage({ pageSize: options.pageSize ?? 100, ...(cursor !== undefined && { cursor }), ...options.call });
    page.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
    return page;
  };
  let pending: Promise<GroupPage> | undefined = list(options.cursor);
  while (pending) {
    const page: GroupPage = await pending;
    pending = page.cursor ? list(page.cursor) : undefined;
    const ids = page.groups.map((group) => group.id);
    const details = ids.length > 0 ? await groups.getChunk(ids, options.call) : [];
    const found = new Set(details.map((group) => group.id));
    yield { groups: details, vanished: ids.filter((id) => !found.has(id)), ...(page.cursor && { nextCursor: page.cursor }) };
  }
}
