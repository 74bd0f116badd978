/**
 * The catalogue of stable codes. Every issue on a row and every error a user can see
 * carries one of these. docs/errors.md is checked against this list by a test, so a
 * new code cannot ship undocumented. Only the HTTP layer maps codes to status codes.
 */
export interface CodeInfo {
  /** What went wrong, in one sentence. */
  meaning: string;
  /** What the user should do about it. */
  fix: string;
}

export const CODES = {
  // Row issues: a value does not fit its field.
  INTAKE_E_REQUIRED: {
    meaning: 'A required field is empty, or the file has no column for it.',
    fix: 'Fill the cell, or map a column to the field. In update mode only the match key is required.',
  },
  INTAKE_E_TYPE: {
    meaning: 'The value cannot be read as the field type (integer, decimal, boolean, json...).',
    fix: 'Write the value in the expected form; docs/packs.md lists the accepted spellings per type.',
  },
  INTAKE_E_EMAIL: {
    meaning: 'The value is not a valid e-mail address.',
    fix: 'Correct the address, or switch e-mail validation off for this import (--no-validate-email).',
  },
  INTAKE_E_PHONE: {
    meaning: 'The value is not a valid phone number for its country.',
    fix: 'Give the number in international form (+33...), pass the default country (--country), or switch the check off (--no-validate-phone).',
  },
  INTAKE_E_DATE: {
    meaning: 'The value is not a date in any accepted format, or not a real calendar day.',
    fix: 'Write dates as YYYY-MM-DD, or in one day/month order used consistently in the column.',
  },
  INTAKE_E_DATE_AMBIGUOUS: {
    meaning:
      'The column only holds dates like 03/04/2024, where day and month could be swapped, so the order cannot be inferred.',
    fix: 'Say the order with --date-order dmy or --date-order mdy (or dateOrder in the template).',
  },
  INTAKE_E_DATE_FUTURE: {
    meaning: 'The date lies in the future, and the field does not allow that.',
    fix: 'Correct the date; a join or registration date cannot be later than today.',
  },
  INTAKE_E_ENUM: {
    meaning: 'The value is not one of the options of the field.',
    fix: 'Use one of the options listed in the message (case does not matter).',
  },
  INTAKE_E_MAX_LENGTH: {
    meaning: 'The value is longer than the field allows.',
    fix: 'Shorten the value to the maximum length given in the message.',
  },
  INTAKE_E_PATTERN: {
    meaning: 'The value does not match the pattern the field requires.',
    fix: 'Correct the value so that it matches the pattern given in the message.',
  },
  INTAKE_E_CONTROL_CHAR: {
    meaning:
      'The value holds a control character (CR, LF, tab, NUL, BEL, DEL...) in a field that is not free text, such as an e-mail address, where it is invalid or unsafe (a header injection for whoever mails it).',
    fix: 'Remove the character named in the message (it is often pasted in from another system).',
  },
  INTAKE_E_ROW_SHAPE: {
    meaning: 'The row has more values than the header has columns, or fewer.',
    fix: 'Check for a missing or extra delimiter or an unclosed quote on that line.',
  },
  // Row issues found against the whole file or the stored data.
  INTAKE_E_DUPLICATE_IN_FILE: {
    meaning: 'Another row of the import has the same value in a unique field.',
    fix: 'Keep one of the rows; the message names the other lines.',
  },
  INTAKE_E_FILE_REJECTED: {
    meaning:
      'The whole file was refused because it holds duplicates and the duplicate policy is "file".',
    fix: 'Remove the duplicates named in the rejection file, then import the file again.',
  },
  INTAKE_E_REFERENCE: {
    meaning:
      'The referenced record (for example a store code) exists neither in storage nor in the import.',
    fix: 'Create the referenced record first or in the same import, correct the code, or set a default with --reference-default.',
  },
  INTAKE_E_NUMBER_SERIES: {
    meaning:
      'The number does not fit the series it belongs to: its prefix, suffix or length differ from the series (a card number and its card series).',
    fix: 'Correct the number, or give the row the series it was made for; the message shows what the series expects.',
  },
  INTAKE_E_GENERATE: {
    meaning:
      'The row asks for records to be generated (a card series with card generation enabled and a card count), and they cannot be numbered: the series has no length, or too few numbers are left between its prefix and suffix.',
    fix: 'Give the series a length that leaves room for the sequence, lower the count, or turn generation off for it.',
  },
  INTAKE_E_OUT_OF_RANGE: {
    meaning:
      'The date lies outside the dates of the record it names (a coupon redeemed outside the valid dates of its series); the message gives those dates.',
    fix: 'Correct the date or the record it names, correct the dates of that record, or import without the check (--no-check-ranges).',
  },
  INTAKE_E_REFERENCE_SCOPE: {
    meaning:
      "The referenced record exists but belongs to another scope than the row's (an account of the email channel named on a LINE subscription); the message says whose it is.",
    fix: "Name a record of the row's scope, or correct the scope column.",
  },
  INTAKE_E_REFERENCE_AMBIGUOUS: {
    meaning:
      'The reference names its target by a field that is not unique (a store by its name, with --lookup), and several records have that value: the message says how many.',
    fix: 'Name the record by one of its identifiers instead (drop the --lookup, or look up by a unique field), or make the names distinct.',
  },
  INTAKE_E_REFERENCE_REFUSED: {
    meaning:
      'The referenced record (a customer account, a parent user account...) is only in this import, and its row is refused; the message names the chain of rows up to the one refused and its reason.',
    fix: 'Fix the refused row named in the message (it is in the rejection file too), then import both again.',
  },
  INTAKE_E_REFERENCE_CYCLE: {
    meaning:
      'Following the parents of this row (imported and stored ones) comes back to a row already passed: a record would be its own ancestor. The message spells out the loop.',
    fix: 'Give one of the rows in the loop another parent, or no parent; a move of a stored record must not go under one of its own descendants.',
  },
  INTAKE_E_IDENTIFIER_CONFLICT: {
    meaning:
      'An identifier on the row (e-mail, mobile...) already belongs to another stored record.',
    fix: 'Correct the value, or update the other record first; one identifier belongs to one record.',
  },
  INTAKE_E_RECORD_NOT_FOUND: {
    meaning:
      'The row updates, inactivates, reactivates, deletes, anonymizes or erases a stored record, and no stored record has its match key.',
    fix: 'Correct the key; to create the missing records, import with --operation upsert.',
  },
  INTAKE_E_MATCH_KEY_MISSING: {
    meaning: 'The row has no value in the match key, so it cannot be matched to a stored record.',
    fix: 'Fill the match key column, or choose another match key with --match.',
  },
  INTAKE_E_NOT_UPDATABLE: {
    meaning: 'The row would change a field that this import may not update.',
    fix: 'Remove the column or the change, or add the field to the allowed list (--update-fields).',
  },
  INTAKE_E_VERIFY_MISMATCH: {
    meaning:
      'A column mapped to be verified differs from the stored record: the row may name the wrong record.',
    fix: 'Check the key of the row (a wrong contact number?) and the verified value; the message shows both.',
  },
  INTAKE_E_OPERATION_UNKNOWN: {
    meaning:
      'The operation column holds a word that is not an operation (create, update, upsert, inactivate, reactivate, delete, anonymize, erase).',
    fix: 'Write one of the operations, in any case (SecuTix\'s "invalidate" means inactivate), or leave the cell empty to use the import\'s operation.',
  },
  INTAKE_E_OPERATION_UNSUPPORTED: {
    meaning:
      'The entity type cannot run this operation: its pack declares no active/inactive field (inactivate, reactivate) or no anonymize rules (anonymize).',
    fix: 'Declare `activity` or `anonymize` for the entity type in its pack (docs/operations.md), or choose another operation.',
  },
  INTAKE_E_RECORD_REFERENCED: {
    meaning:
      'The row would delete or erase a stored record that other records reference; the message names one of them.',
    fix: 'Delete or move the referencing records first, or declare the referencing type in `cascade` of the pack so they go with it.',
  },
  INTAKE_E_ERASE_UNCONFIRMED: {
    meaning:
      'The import erases records, which cannot be undone, and was not confirmed with the number of records it erases.',
    fix: 'Run a dry run, check the records it erases, then confirm with that number: --confirm-erase N, options.confirmErase, or confirmErase when approving.',
  },
  INTAKE_E_UNDO_ERASED: {
    meaning: 'The row erased its record: erase cannot be undone, so undo leaves it as it is.',
    fix: 'Nothing to do: an erased record is gone with its values; import it again if it should exist.',
  },
  INTAKE_E_RECORD_PROTECTED: {
    meaning:
      'The row would change a stored record in a state its entity type protects (a Suspended or Fraud Confirmed customer).',
    fix: 'Leave the record out of the file, or allow changes to protected records for this import (--allow-protected, options.allowProtected).',
  },
  INTAKE_E_COMMIT_ABORTED: {
    meaning:
      'Atomic commit: this row was valid, but another row was refused, so nothing was written.',
    fix: 'Fix the refused rows and import again, or import with --commit partial.',
  },
  INTAKE_E_COMMIT_FAILED: {
    meaning: 'The database refused to write the rows of this chunk.',
    fix: 'Read the message for the database reason (often a concurrent change), then import again.',
  },
  INTAKE_E_CANCELLED: {
    meaning: 'The import was cancelled before this row was written.',
    fix: 'Import the rejection file again to write the rows that were left.',
  },
  INTAKE_E_STAGING_LOST: {
    meaning:
      'The rows staged for the commit were gone when it started (a database crash empties unlogged tables): the import is validated again from its files before it is written.',
    fix: 'Nothing: Intake validates again by itself. If the files are gone too, submit them again.',
  },
  INTAKE_E_UNDO_CONFLICT: {
    meaning:
      'Undo: the record was changed after this import wrote it (by a later import, named in the message) or is gone, so taking this import back would lose that change.',
    fix: "Undo the later import first (undo newest first), or undo with --force to restore this import's before-image all the same.",
  },
  INTAKE_E_UNDO_REFERENCED: {
    meaning:
      'Undo: the record this import created is referenced by records that stay (created by another import, or kept by a refused undo), so it cannot be deleted.',
    fix: 'Undo or change the referencing records named in the message first, then undo this import again.',
  },
  // Reasons a row is skipped rather than refused.
  INTAKE_W_RECORD_EXISTS: {
    meaning:
      'Create mode: a stored record already has the match key of this row, so it is left alone.',
    fix: 'Nothing, if that is what you wanted; use --mode upsert to update existing records.',
  },
  // Import-level and usage errors.
  INTAKE_E_USAGE: {
    meaning: 'The command line or request is incomplete or contradictory.',
    fix: 'Read the one-line message and `intake help <command>`.',
  },
  INTAKE_E_CONFIG: {
    meaning: 'The configuration file or an environment variable has a bad value.',
    fix: 'Correct the key named in the message.',
  },
  INTAKE_E_PACK: {
    meaning: 'A pack file is not a valid entity declaration.',
    fix: 'Correct the key at the path named in the message; docs/packs.md describes the format.',
  },
  INTAKE_E_ENTITY_UNKNOWN: {
    meaning: 'No loaded pack declares this entity type.',
    fix: 'Run `intake entities` to list the entity types, or load your pack with --pack.',
  },
  INTAKE_E_ENTITY_AMBIGUOUS: {
    meaning: 'Several packs declare an entity type of this name.',
    fix: 'Use the qualified name given in the message, such as loyalty.customer.',
  },
  INTAKE_E_ENTITY_UNDETECTED: {
    meaning: 'No --entity was given and the file headers do not match any entity type well enough.',
    fix: 'Pass --entity, or rename the headers after the fields of the entity type.',
  },
  INTAKE_E_FIELD_UNKNOWN: {
    meaning: 'An option names a field that the entity type does not have.',
    fix: 'Use one of the field names listed in the message.',
  },
  INTAKE_E_SCHEMA_CHANGE: {
    meaning:
      'A pack changes an existing field in a way that would lose stored data (its type, or a new unique index over duplicates).',
    fix: 'Add a new field instead, or migrate the table by hand and restart.',
  },
  INTAKE_E_FILE_NOT_FOUND: {
    meaning: 'The input file does not exist or cannot be read.',
    fix: 'Check the path and the permissions.',
  },
  INTAKE_E_FILE_EMPTY: {
    meaning: 'The file has no header row, or nothing at all.',
    fix: 'Check that you picked the right file; the first non-skipped line must be the header.',
  },
  INTAKE_E_ENCODING: {
    meaning: 'The file cannot be decoded with the detected or given encoding.',
    fix: 'Pass the right encoding with --encoding (utf-8, utf-16le, utf-16be, windows-1252, latin1).',
  },
  INTAKE_E_CSV: {
    meaning:
      'The CSV cannot be read: usually a quote that is never closed, or a record longer than limits.recordChars.',
    fix: 'Open the file at the line named and close the quote, or pass the right --delimiter; an administrator can raise limits.recordChars for files with huge cells.',
  },
  INTAKE_E_XLSX: {
    meaning:
      'An Excel file cannot be read: damaged, not .xlsx, or the sheet asked for does not exist.',
    fix: 'Open and save the file again in Excel as .xlsx; the message lists the sheets when one is missing.',
  },
  INTAKE_E_ZIP: {
    meaning: 'A ZIP archive cannot be read: damaged or not a ZIP.',
    fix: 'Create the archive again; Intake reads standard ZIP files.',
  },
  INTAKE_E_ZIP_UNSAFE: {
    meaning:
      'A member of the archive has a path that leaves the archive (../ or an absolute path): the archive is refused.',
    fix: 'Create the archive again from a folder, without absolute or parent paths.',
  },
  INTAKE_E_ZIP_LIMIT: {
    meaning:
      'The archive has too many members, unpacks too large, or a member inflates suspiciously much (a zip bomb).',
    fix: 'Split the archive, or import its files one by one; an administrator can raise limits.zipMembers, limits.inflatedBytes or limits.inflateRatio.',
  },
  INTAKE_E_XLSX_LIMIT: {
    meaning:
      'A workbook is too large once unpacked, one of its parts inflates suspiciously much (a zip bomb), or a cell holds more text than a cell may.',
    fix: 'Open the workbook in Excel and save it again, or export the sheet as CSV; the message names the part or the cell. An administrator can raise limits.inflatedBytes, limits.inflateRatio or limits.cellXmlChars.',
  },
  INTAKE_W_DUPLICATE_MERGED: {
    meaning:
      'Duplicate policy merge: the row is the same, field for field, as an earlier row of the import with the same key, which is kept; this one is skipped.',
    fix: 'Nothing: identical rows are one record. Rows that share a key with different values are refused instead.',
  },
  INTAKE_W_MEMBERSHIP_KEPT: {
    meaning:
      'List membership: the contact is already in the list the import names, and the dupdiallist policy keeps that membership as it is (ignoreDuplicate; ignoreSuccess when it is a success).',
    fix: 'Nothing, if that is what you wanted; --dupdiallist all adds it again, --emptyagent and --resetstatus reset the kept membership.',
  },
  INTAKE_W_MEMBERSHIP_SKIPPED: {
    meaning:
      'List membership: the contact is stored and not in the list the import names, and the changepackage policy leaves it out (skip; unassignToCurrent when it is in another list of the campaign).',
    fix: 'Nothing, if that is what you wanted; --changepackage reassignToCurrent moves it from its other list, unassignToCurrent adds contacts in no list.',
  },
  INTAKE_W_MEMBER_SKIPPED: {
    meaning:
      'A member of an archive was not imported: its type matches no entity type, its kind of file is not read, or the user left it out.',
    fix: 'Pass --entity, rename its headers after the fields, or leave it out on purpose with --exclude.',
  },
  INTAKE_E_FETCH: {
    meaning:
      'A file could not be fetched from its URL: the host, the server or the path answered no.',
    fix: 'Check the URL, the credentials and that the server is up; the message gives its answer.',
  },
  INTAKE_E_FETCH_FORBIDDEN: {
    meaning: 'The URL points to a private, loopback or otherwise internal address.',
    fix: 'Fetch from a public address, or allow that host in the configuration (allowHosts).',
  },
  INTAKE_E_FETCH_LIMIT: {
    meaning: 'The download is larger than the configured limit.',
    fix: 'Raise fetchMaxBytes in the configuration, or fetch a smaller file.',
  },
  INTAKE_E_JSON: {
    meaning:
      'A JSON file cannot be read, a line of an NDJSON file is not a JSON object, or a record is longer or nests deeper than the limits allow.',
    fix: 'Check the file with a JSON validator at the place named; one object per line for NDJSON. An administrator can raise limits.recordChars or limits.jsonDepth.',
  },
  INTAKE_E_HEADER: {
    meaning: 'The header row has an empty or repeated column name.',
    fix: 'Give every column a distinct name, or use --skip-lines when the header is not on the first line.',
  },
  INTAKE_E_NOT_FOUND: {
    meaning:
      "No import, token, report or record with that id in this workspace (another workspace's are never shown).",
    fix: 'Check the id and the workspace of your token.',
  },
  INTAKE_E_INCOMPLETE: {
    meaning:
      "The draft's mapping leaves out what the import needs (an entity type, a column for a required field, one for an identifier): it cannot be validated yet. The message names each gap.",
    fix: "Map the columns named (PATCH the draft's options.mapping, or the Map step of the web UI), or choose the entity type; the draft is ready again once nothing is missing.",
  },
  INTAKE_E_IMPORT_STATE: {
    meaning:
      'The import is not in a status that allows this step (approve an import that awaits approval, cancel one that is queued or running...).',
    fix: 'Read the import to see its status and history, then take the step that status allows.',
  },
  INTAKE_E_UNAUTHENTICATED: {
    meaning:
      'Nobody is signed in: no API token or session, a token unknown or revoked, a session ended, or a wrong name or password (five in a row make the name wait 15 minutes).',
    fix: 'Sign in again, or send "Authorization: Bearer <token>"; an admin adds users (`intake user add`, POST /users) and makes tokens (`intake token create`).',
  },
  INTAKE_E_PROVIDER: {
    meaning:
      "The team's identity provider (OpenID Connect, the configuration's `oidc`) cannot be reached, or its discovery document cannot be read.",
    fix: 'Check `oidc.issuer` and that this server reaches it; sign in with a name and password meanwhile.',
  },
  INTAKE_E_FORBIDDEN: {
    meaning:
      'The role of whoever is signed in may not do this (viewer < importer < approver < admin), or a change came with a session cookie but without the X-Requested-With header.',
    fix: 'Ask an admin of the workspace for the role named in the message; scripts send an API token rather than a cookie.',
  },
  INTAKE_E_REQUEST: {
    meaning: 'The request does not have the shape the API expects; the message names the part.',
    fix: 'Compare the request with /openapi.json.',
  },
  INTAKE_E_TOO_LARGE: {
    meaning: 'An uploaded file is larger than the server accepts.',
    fix: 'Split the file, or raise uploadMaxBytes in the configuration.',
  },
  INTAKE_E_SECRET: {
    meaning:
      'A kept secret (the credentials of a URL source) cannot be opened: this process has another secret key than the one that sealed it.',
    fix: 'Give every process that shares the database the same secretKey (INTAKE_SECRET_KEY), then replay the import.',
  },
  INTAKE_E_WORKER_STALLED: {
    meaning:
      "The job in this process's worker has made no progress for longer than jobs.stallMs (readiness check).",
    fix: 'Look at the logs for the job named; restart the process if it does not move (the job is taken again after its lease).',
  },
  INTAKE_E_WORKER_LOST: {
    meaning:
      'The job of this import stopped with its worker on every attempt (the process was killed, or crashed), so it was given up.',
    fix: 'Look at the logs of the workers (memory, a kill by the system), then replay the import.',
  },
  INTAKE_E_DATABASE: {
    meaning: 'The database cannot be reached or refused a statement.',
    fix: 'Check DATABASE_URL and that the server is running; the message gives its reason.',
  },
  INTAKE_E_INTERNAL: {
    meaning: 'An unexpected failure inside Intake.',
    fix: 'Run again with INTAKE_DEBUG=1 and report the output as a bug.',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/**
 * An error meant for a user: a stable code, a message that says what to do, and
 * context. Entry points print `message` (never a stack) and map `code` to an exit
 * or status code.
 */
export class IntakeError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}
