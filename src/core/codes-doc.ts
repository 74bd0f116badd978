import { CODES, type Code } from './codes.js';

/** One error of the loyalty seed manual's customer import, and what Intake gives for it. */
export interface ManualError {
  /** The manual's "Error" column, in its words. */
  error: string;
  /** The manual's "Explanation" column, in its words. */
  explanation: string;
  /** The codes Intake gives for it (test/jobs/loyalty-errors.test.ts makes each). */
  codes: Code[];
  /** How Intake behaves, and the option involved. */
  intake: string;
}

/**
 * The manual's "Error / Explanation" table (shared/seeds/001_*.txt, issue 13), mapped to
 * Intake's codes. The manual's four "All records would be rejected" rows are one entry:
 * Intake has one policy for them.
 */
export const LOYALTY_MANUAL: ManualError[] = [
  {
    error: 'When different users are linked with the email',
    explanation: 'Email is already present for some other registered user in the system',
    codes: ['INTAKE_E_IDENTIFIER_CONFLICT'],
    intake:
      'A row that would give a new or another stored customer the e-mail of a stored customer is refused on `email`; the message names the owner. Addresses are compared in lower case.',
  },
  {
    error:
      'When an error on duplicate external id occurs; when an error on duplicate value for mobile, external_id or an email in the file occurs',
    explanation: 'All records would be rejected',
    codes: ['INTAKE_E_DUPLICATE_IN_FILE', 'INTAKE_E_FILE_REJECTED'],
    intake:
      "With the whole-file policy (`duplicates: 'file'`, `--duplicates file`): the rows that share the value get INTAKE_E_DUPLICATE_IN_FILE, every other row of the file INTAKE_E_FILE_REJECTED, and nothing of the file is written. The default policy, `rows`, refuses only the rows that share the value. Mobiles are compared as +E.164.",
  },
  {
    error: 'When a different user is linked with the mobile',
    explanation: 'Mobile number is already registered for a different user in the system',
    codes: ['INTAKE_E_IDENTIFIER_CONFLICT'],
    intake:
      'A row that would give a new or another stored customer the mobile of a stored customer is refused on `mobile`, national spellings too (06 12 34 00 01 is +33612340001).',
  },
  {
    error: 'When different mobile is linked with the users',
    explanation:
      'Since the mobile number is not allowed to update though import, trying to update an existing mobile for a user leads to such error',
    codes: ['INTAKE_E_NOT_UPDATABLE'],
    intake:
      "Only when the import lists the fields it may update without `mobile` (`updateFields`, `--update-fields`): a row that would change a stored customer's mobile is refused on `mobile`; new customers still get theirs. Without the list Intake updates the mobile. (`verify: ['mobile']` gives INTAKE_E_VERIFY_MISMATCH, which says the row may name the wrong customer, and writes no mobile for new customers.)",
  },
  {
    error: 'Different external id linked to the user',
    explanation:
      'The external id already exists in our database or the external id is associated with a different user',
    codes: ['INTAKE_E_IDENTIFIER_CONFLICT'],
    intake:
      'A row matched to a stored customer by another identifier (`match: mobile`) whose external id belongs to another customer is refused on `external_id`.',
  },
  {
    error: 'Invalid Mobile Number',
    explanation: 'Check the pre-configured mobile regex for brand',
    codes: ['INTAKE_E_PHONE', 'INTAKE_E_PATTERN'],
    intake:
      "A number that is not valid for its country (national numbers take `country`, `--country`) is INTAKE_E_PHONE. The brand's own rule is a `pattern` on the phone field of its pack, checked on the +E.164 form (`^\\+33[67]\\d{8}$`): INTAKE_E_PATTERN. The loyalty pack declares none.",
  },
  {
    error:
      'When a different user gets linked with the external id, duplicate value for mobile in a file, duplicate value for an email in file occurs',
    explanation: 'External ID / Card number is already registered for a different user',
    codes: ['INTAKE_E_IDENTIFIER_CONFLICT', 'INTAKE_E_DUPLICATE_IN_FILE'],
    intake:
      'A new customer, found by e-mail or mobile, with a stored customer\'s external id (a "Card Number" column too) is refused on `external_id`. Rows of the file that share a mobile or an e-mail are each refused on it.',
  },
  {
    error: 'Invalid email id',
    explanation: 'Deviation from standard Email regex',
    codes: ['INTAKE_E_EMAIL'],
    intake:
      'The row is refused on `email`; `validateEmail: false` (`--no-validate-email`) turns the check off.',
  },
  {
    error: 'Deactivated user / Fraud User',
    explanation: 'The user is inactive or marked as fraud (as per brand requirement)',
    codes: ['INTAKE_E_RECORD_PROTECTED'],
    intake:
      'A row that would change a stored customer whose status is Suspended or Fraud Confirmed, or a label that means one of them (`protect` in packs/loyalty.yaml), or whom a fraud status import marked (MARKED, CONFIRMED, RECONFIRMED), is refused on `status` or `fraud_status`, naming it, unless the import allows it (`allowProtected`, `--allow-protected`).',
  },
  {
    error: 'When customer name contains special characters',
    explanation:
      'Customer Name should not contain any special characters other than alphabets/space',
    codes: ['INTAKE_E_PATTERN'],
    intake:
      "The `pattern` of first_name and last_name in packs/loyalty.yaml: letters (accented too), space, and the apostrophe, period and hyphen of names like O'Neil or Anne-Marie. Anything else is refused on the field.",
  },
  {
    error: 'join_date is invalid/null/void/of future date',
    explanation: 'Invalid join date',
    codes: ['INTAKE_E_DATE', 'INTAKE_E_DATE_FUTURE'],
    intake:
      'A value that is not a real day (2023-02-30, "null") is INTAKE_E_DATE; a date after today INTAKE_E_DATE_FUTURE (`notInFuture`). An empty cell is accepted: join_date is optional in the loyalty pack.',
  },
  {
    error: 'join_store is invalid/null/void',
    explanation: 'The store(s) specified in the file are not present in the system',
    codes: ['INTAKE_E_REFERENCE'],
    intake:
      'A store that is neither stored nor in the same import is refused on `join_store`, unless a default store is set (`referenceDefaults`, `--reference-default`). An empty cell is accepted: join_store is optional in the loyalty pack.',
  },
];

/** docs/errors.md, generated from the catalogue so the two cannot drift (a test compares them). */
export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    'Every refused row, file or request carries one of these stable codes. Row issues appear in',
    'the `_code` column of rejection files and in the `issues` counts of the summary; the CLI prints',
    'the others as `intake: CODE: message`. Codes starting `INTAKE_W_` explain a skipped row, not',
    'a refusal.',
    '',
    'This page is generated from `src/core/codes.ts` by `npm run docs`.',
    '',
    '| Code | Meaning | How to fix |',
    '| --- | --- | --- |',
    ...Object.entries(CODES).map(
      ([code, info]) => `| \`${code}\` | ${info.meaning} | ${info.fix} |`,
    ),
    '',
    '## From the loyalty manual',
    '',
    "The customer import errors of the loyalty seed product's manual, in its words, and the",
    'Intake codes with the same meaning (`LOYALTY_MANUAL` in `src/core/codes-doc.ts`).',
    '',
    '| Manual: error | Manual: explanation | Intake code | In Intake |',
    '| --- | --- | --- | --- |',
    ...LOYALTY_MANUAL.map(
      (e) =>
        `| ${e.error} | ${e.explanation} | ${e.codes.map((c) => `\`${c}\``).join(', ')} | ${e.intake} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
