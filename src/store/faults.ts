/**
 * A database or network error that says the other side was away or busy a moment (a
 * lost connection, a locked SQLite file, a deadlock, a serialization failure), not that
 * the rows are wrong: a try later may pass. One list, for the commit (which then does
 * not refuse the chunk's rows) and for the jobs (which then try again).
 */
const PASSING_CODE =
  /^(08|57P|53|40001|40P01|55P03)|^SQLITE_(BUSY|LOCKED)|^E(CONNRESET|CONNREFUSED|PIPE|TIMEDOUT|HOSTUNREACH|AI_AGAIN)$/;
const PASSING_TEXT =
  /database is locked|SQLITE_BUSY|Connection terminated|connection .*closed|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect/i;

export function passingFault(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && PASSING_CODE.test(code)) return true;
  return PASSING_TEXT.test((e as Error)?.message ?? '');
}
