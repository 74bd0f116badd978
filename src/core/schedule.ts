import cronParser from 'cron-parser';
import { IntakeError } from './codes.js';

/**
 * A recurring source (issue 14): a template's URL imported on a cron schedule in a
 * time zone (importWS's exetime, planned deliveries, nightly feeds). Pure: when runs
 * are due. service/schedules.ts runs them.
 */
export interface Schedule {
  /** An http, https, ftp or sftp URL; shown redacted, kept sealed. */
  url: string;
  /** Five fields (minute hour day month weekday), or six with seconds first. */
  cron: string;
  /** An IANA time zone, e.g. Europe/Paris; the cron's hours are its hours. */
  timezone: string;
}

/** The cron and time zone are valid; said before anything relies on them. */
export function checkSchedule(s: Schedule): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: s.timezone });
  } catch {
    throw new IntakeError(
      'INTAKE_E_REQUEST',
      `schedule.timezone "${s.timezone}" is not a time zone; use an IANA name such as Europe/Paris or UTC`,
    );
  }
  const fields = s.cron.trim().split(/\s+/).length;
  try {
    if (fields < 5 || fields > 6) throw new Error('five or six fields');
    cronParser.parseExpression(s.cron, { tz: s.timezone }).next();
  } catch (e) {
    throw new IntakeError(
      'INTAKE_E_REQUEST',
      `schedule.cron "${s.cron}" is not a cron expression (${(e as Error).message}); write five fields, e.g. "0 2 * * *" for 02:00 every day`,
    );
  }
}

/** The latest time the schedule was due at or before `now`. */
export function lastDue(s: Schedule, now: Date): Date {
  // prev() is strictly before its start: start a millisecond later to include `now`.
  const it = cronParser.parseExpression(s.cron, {
    currentDate: new Date(now.getTime() + 1),
    tz: s.timezone,
  });
  return it.prev().toDate();
}

/** The first time the schedule is due after `after`. */
export function nextDue(s: Schedule, after: Date): Date {
  return cronParser.parseExpression(s.cron, { currentDate: after, tz: s.timezone }).next().toDate();
}
