/**
 * Every group of the app with its details: list all with the cursor, and details for each
 * page's ids in one call of up to 100.
 *
 * Listing is a chain (each page needs the previous cursor), so it runs on its own, a few pages
 * ahead of the reader, and each listed page's details are requested at once. The two endpoints
 * then each run at their own rate limit instead of waiting for one another and for the reader.
 */
import type { CallOptions, GroupDetails, GroupPage, GroupsResource } from '../agora/index.js';

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

/** Pages listed ahead of the reader: enough to keep both endpoints busy, few enough to drop at a checkpoint. */
const PAGES_AHEAD = 4;

interface Listed {
  page: GroupPage;
  details: Promise<GroupDetails[]>;
}

export async function* scanGroups(groups: GroupsResource, options: ScanOptions = {}): AsyncGenerator<ScannedPage> {
  const ahead = PAGES_AHEAD;
  const buffer: Listed[] = [];
  let listingDone = false;
  let listingError: unknown;
  let stopped = false;
  let wakeReader: (() => void) | undefined;
  let wakeLister: (() => void) | undefined;
  const wake = (which: 'reader' | 'lister') => {
    const resolve = which === 'reader' ? wakeReader : wakeLister;
    if (which === 'reader') wakeReader = undefined;
    else wakeLister = undefined;
    resolve?.();
  };

  const lister = (async () => {
    let cursor = options.cursor;
    try {
      do {
        while (buffer.length >= ahead && !stopped) await new Promise<void>((resolve) => (wakeLister = resolve));
        if (stopped) return;
        const page = await groups.listPage({
          pageSize: options.pageSize ?? 100,
          ...(cursor !== undefined && { cursor }),
          ...options.call,
        });
        const ids = page.groups.map((group) => group.id);
        const details = ids.length > 0 ? groups.getChunk(ids, options.call) : Promise.resolve([]);
        details.catch(() => {}); // awaited by the reader; not unhandled meanwhile
        buffer.push({ page, details });
        wake('reader');
        cursor = page.cursor;
      } while (cursor);
    } catch (error) {
      listingError = error;
    } finally {
      listingDone = true;
      wake('reader');
    }
  })();

  try {
    for (;;) {
      while (buffer.length === 0 && !listingDone) await new Promise<void>((resolve) => (wakeReader = resolve));
      const next = buffer.shift();
      if (!next) {
        if (listingError) throw listingError;
        return;
      }
      wake('lister');
      const details = await next.details;
      const found = new Set(details.map((group) => group.id));
      yield {
        groups: details,
        vanished: next.page.groups.map((group) => group.id).filter((id) => !found.has(id)),
        ...(next.page.cursor && { nextCursor: next.page.cursor }),
      };
    }
  } finally {
    // The reader stopped (a checkpoint, or an error): let the lister end; its pages are dropped.
    stopped = true;
    wake('lister');
    await lister;
  }
}
