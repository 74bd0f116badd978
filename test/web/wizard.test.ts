import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { en as t } from '../../web/src/texts.js';
import { fr } from '../../web/src/texts-fr.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { axeProblems, browserMissing, launch } from '../helpers/browser.js';
import { EXAMPLES, ROOT } from '../helpers/files.js';
import { writeZip } from '../helpers/xlsx.js';
import { submitted } from '../helpers/imports.js';

/**
 * The web UI end to end (issue 6), in a real headless Chromium against a real
 * `intake` server and worker: what a person does, step by step, with a screenshot of
 * each step in test-artifacts/web/.
 */
const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');

describe.skipIf(browserMissing)('the web UI on each database', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.each(BACKENDS)('on $name', (backend) => {
    let box: Sandbox;
    let intake: Intake;
    let app: FastifyInstance;
    let base: string;
    let page: Page;
    const token: Record<string, string> = {};
    let shots = '';

    beforeEach(async (test) => {
      shots = join(ARTIFACTS, backend.name, test.task.name.split(':')[0]!.replace(/\W+/g, '-'));
      shot = 0;
      box = sandbox(backend);
      // Small commit chunks, so that a run of 100,000 rows reports progress many times.
      intake = await box.open({ jobs: { ...box.config.jobs, commitChunkRows: 2000 } });
      for (const role of ['viewer', 'importer', 'approver', 'admin'] as const) {
        token[role] = (await intake.access.createToken('acme', `${role}-kim`, role)).secret;
      }
      app = await buildServer(intake);
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      intake.startWorker().start();
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1366, height: 900 },
      });
      page = await context.newPage();
    });
    afterEach(async () => {
      await page.context().close();
      await app.close();
      await intake.close();
      await box.cleanup();
    });

    let shot = 0;
    /** A screenshot of the page, which axe checks too: no serious or critical problem. */
    const snap = async (name: string) => {
      mkdirSync(shots, { recursive: true });
      const file = `${String(++shot).padStart(2, '0')}-${name}.png`;
      await page.screenshot({ path: join(shots, file), fullPage: true });
      expect({ page: name, problems: await axeProblems(page) }).toEqual({
        page: name,
        problems: [],
      });
    };
    /** Signed in with an API token (the people of these tests are tokens, as scripts are). */
    const signIn = async (role: string) => {
      await page.goto(`${base}/ui/`);
      await page.getByRole('button', { name: t.signIn.useToken }).click();
      await page.getByLabel(t.signIn.token).fill(token[role]!);
      await page.getByRole('button', { name: t.signIn.submit, exact: true }).click();
      await page.getByText(`${role}-kim · ${role}`).waitFor();
    };
    const signOut = () => page.getByRole('button', { name: t.nav.signOut }).click();
    const button = (name: string) => page.getByRole('button', { name, exact: true });
    const status = (id: string) => intake.imports.get('acme', id).then((v) => v!.status);
    const importId = () => /#\/imports\/(imp-[0-9a-z-]+)/.exec(page.url())![1]!;

    it('a messy CSV: upload, fix a mapping, review, approval by a second token, rejection file', async () => {
      // Stores and five customers are stored already: some rows of the file update them.
      await intake.imports.run({
        files: [join(EXAMPLES, 'stores.csv'), join(EXAMPLES, 'customers.csv')],
        workspace: 'acme',
      });
      // The partner's file (Windows-1252, semicolons, three date formats), whose e-mail
      // column has a header no alias knows: the user maps it by hand.
      const messy = readFileSync(join(EXAMPLES, 'customers-messy.csv'));
      const file = join(box.dir, 'partner-customers.csv');
      writeFileSync(
        file,
        Buffer.from(messy.toString('latin1').replace('E-mail Adress', 'Contact'), 'latin1'),
      );

      // The workspace wants an approver for every import: the importer cannot run it alone.
      await intake.access.saveSettings('acme', 'admin-kim', { approval: { always: true } });
      await signIn('importer');
      const customers = page.locator('[data-entity="loyalty.customer"]');
      await expect.poll(() => customers.textContent()).toContain(t.home.records(5));
      await snap('home');

      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(file);
      const member = page.locator('[data-member="partner-customers.csv"]');
      await member.waitFor();
      expect(await member.textContent()).toContain('loyalty.customer');
      expect(await member.textContent()).toContain('windows-1252');
      expect(await member.locator('.num').textContent()).toBe('13');
      await snap('upload');
      const id = importId();

      await button(t.upload.import).click();
      const contact = page.getByLabel(`${t.map.field}: Contact`);
      // A column no field takes is not imported unless the user keeps it.
      expect(await contact.inputValue()).toBe('');
      await page.getByText(t.map.unmapped('Contact')).waitFor();
      // Samples help the user see what the column holds.
      expect(await page.locator('[data-column="Contact"] .samples').textContent()).toContain(
        '@example.com',
      );
      await contact.selectOption('email');
      await expect
        .poll(() => intake.imports.get('acme', id).then((v) => v!.settings.options.mapping))
        .toEqual({ Contact: 'email' });
      await expect.poll(() => contact.inputValue()).toBe('email');
      // What happens unless the user says otherwise is named: the pack's defaults.
      expect(await page.getByLabel(t.map.commit).locator('option').first().textContent()).toBe(
        t.map.byDefault(t.map.commits.partial!),
      );
      // The first rows' problems are shown before validation, as mapped now: national
      // phone numbers are refused until the country is given, and then no longer.
      const firstRows = page.locator('[data-first-rows="partner-customers.csv"]');
      const firstRefused = async () =>
        Number(
          /(\d+) rows? would be refused/.exec((await firstRows.textContent()) ?? '')?.[1] ?? 0,
        );
      await expect.poll(firstRefused).toBeGreaterThan(0);
      const before = await firstRefused();
      expect(await firstRows.textContent()).toMatch(/Line \d+, Mobile/);
      const country = page.getByLabel(t.map.country);
      await country.fill('FR');
      await country.blur();
      await expect
        .poll(() => intake.imports.get('acme', id).then((v) => v!.settings.options.country))
        .toBe('FR');
      await expect.poll(firstRefused).toBeLessThan(before);
      // The two switches are saved on the draft as they are ticked and unticked.
      const options = () => intake.imports.get('acme', id).then((v) => v!.settings.options);
      for (const [label, key] of [
        [t.map.allowProtected, 'allowProtected'],
        [t.map.clearEmpty, 'clearEmpty'],
        [t.map.createMissingOptions, 'createMissingOptions'],
      ] as const) {
        await page.getByLabel(label).check();
        await expect.poll(async () => (await options())[key]).toBe(true);
        await page.getByLabel(label).uncheck();
        await expect.poll(async () => (await options())[key]).toBe(false);
      }
      // The duplicate policy, Rollouter's merge among them.
      await page.getByLabel(t.map.duplicates).selectOption('merge');
      await expect.poll(async () => (await options()).duplicates).toBe('merge');
      await page.getByLabel(t.map.duplicates).selectOption('');
      await expect.poll(async () => (await options()).duplicates).toBeUndefined();
      // A column may only verify the stored record: its field is listed, then not.
      const verify = page.getByLabel(`${t.map.verify}: Contact`);
      await verify.check();
      await expect.poll(async () => (await options()).verify).toEqual(['email']);
      await verify.uncheck();
      await expect.poll(async () => (await options()).verify).toEqual([]);
      // A reference column may name its store by another identifier (--lookup).
      const findBy = page.getByLabel(`${t.map.lookup}: Till IUN Or Store Ext Id`);
      await findBy.selectOption('external_id');
      await expect
        .poll(async () => (await options()).lookup)
        .toEqual({ join_store: 'external_id' });
      await findBy.selectOption('');
      await expect.poll(async () => (await options()).lookup).toEqual({});
      // A quick user on a slow server: a change made before the page shows the answer to
      // the one before builds on it, and does not take it back (it did, on a busy CI).
      const slow = `**/imports/${id}`;
      await page.route(slow, async (route) => {
        if (route.request().method() !== 'PATCH') return route.continue();
        const answer = await route.fetch();
        await new Promise((ok) => setTimeout(ok, 400));
        await route.fulfill({ response: answer });
      });
      await verify.check();
      await findBy.selectOption('external_id');
      await expect
        .poll(async () => {
          const o = await options();
          return [o.verify, o.lookup];
        })
        .toEqual([['email'], { join_store: 'external_id' }]);
      await verify.uncheck();
      await findBy.selectOption('');
      await expect
        .poll(async () => {
          const o = await options();
          return [o.verify, o.lookup];
        })
        .toEqual([[], {}]);
      // The delayed answers still on their way are let through before the route goes.
      await page.unrouteAll({ behavior: 'wait' });
      await snap('map');

      await button(t.map.validate).click();
      await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
      const view = (await intake.imports.get('acme', id))!;
      expect(view.status).toBe('awaiting_approval');
      const counts = view.counts as { created: number; rejected: number };
      expect(counts.rejected).toBeGreaterThan(0);
      expect(counts.created).toBeGreaterThan(0);
      // Problems by kind, with their counts; bad cells marked with the reason on hover.
      // The problems come from the summary, loaded after the page: wait for them.
      await expect
        .poll(() => page.locator('.problems').textContent())
        .toMatch(/\d+ dates? in the future/);
      // Counts read as English: "1 date in the future", never "1 dates".
      const listed = (await page.locator('.problems').textContent()) ?? '';
      for (const plural of Object.values(t.problem)) {
        expect(listed).not.toMatch(new RegExp(`(^|\\D)1 ${plural}`));
      }
      // An update names what it changes, and marks those cells.
      const updated = page.locator('tr.updated').first();
      await updated.waitFor();
      expect(await updated.locator('td.reason').textContent()).toMatch(/^changes /);
      expect(await updated.locator('td.changed').count()).toBeGreaterThan(0);
      const bad = page.locator('td.bad').first();
      await bad.waitFor();
      expect(await bad.getAttribute('title')).toBeTruthy();
      await page.getByText(t.review.corrections).click();
      await expect.poll(() => page.locator('.corrections li').count()).toBeGreaterThan(0);
      expect(await page.locator('.corrections').textContent()).toContain('→');
      await snap('review');

      await button(t.review.next).click();
      await page.getByText(t.run.waiting).waitFor();
      expect(await page.getByRole('button', { name: t.run.approve }).count()).toBe(0);
      await snap('waiting-for-approval');

      // A second person, an approver, sees it waiting on the home page and approves it.
      await signOut();
      await signIn('approver');
      await page.locator(`.waiting-list [data-import="${id}"]`).waitFor();
      expect(await page.locator('.waiting-list h2').textContent()).toBe(t.home.waiting(1));
      await snap('home-approver');
      await page.getByRole('link', { name: t.nav.imports, exact: true }).click();
      const inHistory = page.locator(`[data-import="${id}"]`);
      await inHistory.waitFor();
      await snap('history');
      await inHistory.getByRole('link', { name: t.history.open }).click();
      await button(t.review.next).click();
      // A double click approves once: no second approval refused with an error.
      await button(t.run.approve).dblclick();
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('completed_with_issues');
      await page.getByText(t.status.completed_with_issues!).first().waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(
        (await intake.imports.get('acme', id))!.events!.filter(
          (e) => e.from === 'awaiting_approval',
        ),
      ).toHaveLength(1);
      await snap('done');

      const finished = (await intake.imports.get('acme', id))!;
      const refused = (finished.counts as { rejected: number }).rejected;
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'rejections.csv' }).click(),
      ]);
      const saved = join(box.dir, 'downloaded-rejections.csv');
      await download.saveAs(saved);
      const rows = Papa.parse<Record<string, string>>(
        readFileSync(saved, 'utf8').replace(/^\uFEFF/, ''),
        {
          header: true,
          skipEmptyLines: true,
          delimiter: ';',
        },
      ).data;
      expect(new Set(rows.map((r) => r._line)).size).toBe(refused);
      for (const r of rows) expect(r._code).toMatch(/^INTAKE_E_/);
      expect(rows.map((r) => r._code)).toContain('INTAKE_E_DATE_FUTURE');
      // The refused rows come back as the partner wrote them, with the user's header.
      expect(Object.keys(rows[0]!)).toContain('Contact');

      await page.getByRole('link', { name: t.nav.home }).click();
      await expect
        .poll(() => customers.textContent())
        .toContain(t.home.records(5 + (finished.counts as { created: number }).created));
      // The record browser finds them.
      await customers.getByRole('link', { name: t.home.browse }).click();
      await page.getByLabel(t.records.search).fill('girard');
      await expect.poll(() => page.locator('table.grid tbody tr').count()).toBe(1);
      // The columns come with the entity types, which may answer after the records.
      await expect
        .poll(() => page.locator('table.grid tbody').textContent())
        .toContain('helene.girard@example.com');
      await snap('records');
    });

    it('walks back from Review: the country asked in the page, then back to Map and again', async () => {
      await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')], workspace: 'acme' });
      await signIn('importer');
      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(join(EXAMPLES, 'customers-messy.csv'));
      await page.locator('[data-member="customers-messy.csv"]').waitFor();
      const id = importId();
      await button(t.upload.import).click();
      // Each step's heading takes the focus, not the page body.
      await expect
        .poll(() => page.evaluate('document.activeElement?.textContent'))
        .toBe(t.map.title);
      await button(t.map.validate).click();
      await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
      await expect
        .poll(() => page.evaluate('document.activeElement?.textContent'))
        .toBe(t.review.title);
      // National numbers without a country: the page asks which country, no CLI flag.
      const phones = () => intake.imports.rows('acme', id, { code: 'INTAKE_E_PHONE', limit: 100 });
      const refusedBefore = (await phones()).rows.length;
      expect(refusedBefore).toBeGreaterThan(1);
      const question = page.locator('form.question');
      await question.waitFor();
      expect(await question.textContent()).toContain(
        t.review.country(refusedBefore).split(' (')[0]!,
      );
      expect(await page.locator('main').textContent()).not.toMatch(/--\w/);
      await snap('country-asked');
      await question.getByRole('combobox').selectOption('FR');
      await question.getByRole('button', { name: t.review.revalidate }).click();
      await expect.poll(() => question.count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('awaiting_approval');
      expect((await intake.imports.get('acme', id))!.settings.options.country).toBe('FR');
      expect((await phones()).rows.length).toBeLessThan(refusedBefore);

      // Back to the mapping from the stepper: a draft again, its settings kept.
      const stepper = page.getByRole('navigation', { name: t.stepsLabel });
      await stepper.getByRole('button', { name: t.steps.map }).click();
      await expect.poll(() => status(id)).toBe('draft');
      const colour = page.getByLabel(`${t.map.field}: Favourite Colour`);
      await colour.waitFor();
      expect(await page.getByLabel(t.map.country).inputValue()).toBe('FR');
      // A guess is marked as one: the misspelt "E-mail Adress" is a fuzzy match.
      expect(await page.locator('[data-column="E-mail Adress"] td.low').textContent()).toContain(
        t.map.check,
      );
      expect(await page.locator('[data-column="External Id"] td.low').count()).toBe(0);
      // Giving a column the field another one had says so.
      await colour.selectOption('mobile');
      await page.getByText(t.map.moved('Mobile', 'Mobile No.', 'Favourite Colour', true)).waitFor();
      await colour.selectOption('');
      await expect
        .poll(() => intake.imports.get('acme', id).then((v) => v!.settings.options.mapping))
        .toEqual({ 'Favourite Colour': null });
      await snap('back-at-map');
      await button(t.map.validate).click();
      await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('awaiting_approval');
      // Validated again with the column ignored.
      const ran = (await intake.imports.summary('acme', id)).files[0]!.mapping;
      expect(ran.find((m) => m.header === 'Favourite Colour')?.field ?? null).toBeNull();
      // Forward from the stepper, and back to Review from Run.
      await stepper.getByRole('button', { name: t.steps.run }).click();
      await button(t.run.write).waitFor(); // no rule wants an approver here
      await stepper.getByRole('button', { name: t.steps.review }).click();
      await page.getByRole('heading', { name: t.review.problems }).waitFor();
      // The Review's own way back.
      await button(t.review.back).click();
      await expect.poll(() => status(id)).toBe('draft');
      await page.getByLabel(`${t.map.field}: Favourite Colour`).waitFor();
    });

    it('fixes in the page: a cell, a find and replace, all cells with one problem; then one taken back', async () => {
      const file = join(box.dir, 'members.csv');
      writeFileSync(
        file,
        [
          'external_id,first_name,last_name,email,mobile,slab',
          'C-1,Ann,Ames,ann@example,+33612345601,Gold',
          'C-2,Bob,Bell,bob@example,+33612345602,Diamond',
          'C-3,Cy,Cole,cy@example.com,12345,Gold',
          'C-4,Di,Dunn,di@example.com,+33612345604,VIP',
        ].join('\n') + '\n',
      );
      await signIn('importer');
      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(file);
      await page.locator('[data-member="members.csv"]').waitFor();
      const id = importId();
      await button(t.upload.import).click();
      await button(t.map.validate).click();
      await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('awaiting_approval');
      const refused = async () =>
        ((await intake.imports.get('acme', id))!.counts as { rejected: number }).rejected;
      expect(await refused()).toBe(4); // C-1 (e-mail), C-2 (e-mail, slab), C-3 (mobile), C-4 (slab)
      const grid = page.locator('table.grid.rows');
      const cell = (line: number, header: string) =>
        grid.locator(`tr[data-line="${line}"] td.bad`).filter({ hasText: header });
      // Each fix validates again: wait for that validation's end, then for its counts.
      const validations = async () =>
        (await intake.imports.get('acme', id))!.events!.filter((e) => e.to === 'awaiting_approval')
          .length;
      let done = await validations();
      const revalidated = async (rejected: number) => {
        await expect.poll(validations, { timeout: 30_000 }).toBe(++done);
        expect(await refused()).toBe(rejected);
        await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
      };

      // One cell, by keyboard: Enter on the marked cell opens its fix.
      await cell(4, '12345').focus();
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: t.fix.title });
      await form.waitFor();
      expect(await form.textContent()).toContain('members.csv, line 4, mobile');
      await form.getByLabel(t.fix.value).fill('+33612345699');
      await snap('fix-a-cell');
      await form.getByRole('button', { name: t.fix.saveCell }).click();
      await revalidated(3);
      // Only the edited row was checked again, and the page says so.
      await page.getByText(t.review.rechecked(1)).waitFor();

      // Find and replace in a column.
      await page.getByText(t.fix.findReplace).click();
      await page.getByLabel(t.fix.column).selectOption('slab');
      await page.getByLabel(t.fix.find).fill('Diamond');
      await page.getByLabel(t.fix.replaceWith).fill('Gold');
      await button(t.fix.replaceAll).click();
      await revalidated(3); // C-2 still has its e-mail, C-4 its VIP
      // The correction is shown in its cell: the file's value, then what is kept.
      await expect
        .poll(() => grid.locator('tr[data-line="3"] td.corrected').first().textContent())
        .toBe('Diamond → Gold');
      expect(
        await grid.locator('tr[data-line="3"] td.corrected').first().getAttribute('title'),
      ).toBe(t.review.corrected('user_replace'));

      // A value not in the list, read as one of its options (Gold Member → Gold).
      const values = page.locator('section.value-map');
      await values.getByLabel(t.fix.readAsLabel('slab', 'VIP')).selectOption('Gold');
      await snap('value-map');
      await values.getByRole('button', { name: t.fix.applyValues(1) }).click();
      await revalidated(2);
      expect(
        (await intake.imports.rows('acme', id, { code: 'INTAKE_E_ENUM', limit: 10 })).rows,
      ).toEqual([]);
      // Nothing left to read, once the page has shown the new validation (waited for).
      await expect.poll(() => values.count()).toBe(0);

      // Every cell with one problem: the two bad e-mails are cleared at once.
      await cell(2, 'ann@example').click();
      await form.waitFor();
      await form.getByRole('button', { name: t.fix.clearAll(2) }).click();
      await revalidated(0);
      await expect.poll(() => page.locator('.fix-list li').count()).toBe(4);
      await snap('fixed');
      // Each fix is a correction by the user, listed with the others.
      const rules = (await intake.imports.corrections('acme', id, { limit: 50 })).rows.map(
        (c) => `${c.line}:${c.field}:${c.rule}`,
      );
      expect(rules).toEqual(
        expect.arrayContaining([
          '4:mobile:user_edit',
          '3:slab:user_replace',
          '5:slab:user_value',
          '2:email:user_fix',
          '3:email:user_fix',
        ]),
      );

      // Only refused rows: none now. Take back the e-mail fix: the two rows are refused again.
      await page.getByLabel(t.fix.onlyRefused).check();
      await expect.poll(() => grid.locator('tbody tr').count()).toBe(0);
      await page
        .locator('.fix-list li')
        .filter({ hasText: 'email' })
        .getByRole('button', { name: t.fix.remove })
        .click();
      await revalidated(2);
      await expect.poll(() => grid.locator('tbody tr').count()).toBe(2);
      expect(await grid.locator('tbody tr.rejected').count()).toBe(2);

      // No rule of the workspace wants an approver: the importer writes the records alone.
      await button(t.review.next).click();
      await button(t.run.write).click();
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('completed_with_issues');
      expect((await intake.imports.get('acme', id))!.counts).toMatchObject({
        created: 2,
        rejected: 2,
      });
    });

    it('fits the screen from a phone to a wide monitor: 390, 1280 and 1920 px', async () => {
      await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')], workspace: 'acme' });
      await signIn('importer');
      // Each page at each width: nothing wider than the window (wide tables scroll in
      // their own box), Sign out within reach, and a screenshot.
      const fits = async (name: string) => {
        for (const width of [390, 1280, 1920]) {
          await page.setViewportSize({ width, height: 900 });
          // What sticks out past the window's right edge, outside any scrolling box.
          await expect
            .poll(() =>
              page.evaluate(`[...document.querySelectorAll('body *')]
                .filter((e) => !e.closest('.grid-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1)
                .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))
                .slice(0, 5)`),
            )
            .toEqual([]);
          expect(
            await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
          ).toBeLessThanOrEqual(0);
          const out = await button(t.nav.signOut).boundingBox();
          expect(out!.x + out!.width).toBeLessThanOrEqual(width);
          // A screenshot only: axe checks these pages at the default width elsewhere.
          mkdirSync(shots, { recursive: true });
          await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
        }
        await page.setViewportSize({ width: 1366, height: 900 });
      };
      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(join(EXAMPLES, 'customers-messy.csv'));
      await page.locator('[data-member="customers-messy.csv"]').waitFor();
      await fits('upload');
      await button(t.upload.import).click();
      await page.locator('[data-column="Mobile No."]').waitFor();
      await fits('map');
      await button(t.map.validate).click();
      await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
      await page.locator('table.grid.rows tbody tr').first().waitFor();
      await fits('review');
      await page.getByRole('link', { name: t.nav.imports, exact: true }).click();
      await page.locator('table.history tbody tr').first().waitFor();
      await fits('history');
      await page.getByRole('link', { name: t.nav.home }).click();
      await page.locator('[data-entity="loyalty.store"]').waitFor();
      await fits('home');
      await page.goto(`${base}/ui/#/records/loyalty.store`);
      await page.locator('table.grid tbody tr').first().waitFor();
      await fits('records');
    });

    it('follows the system dark theme, with enough contrast on every step (axe)', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await signIn('importer');
      const background = await page.evaluate(
        'getComputedStyle(document.documentElement).backgroundColor',
      );
      expect(background).toBe('rgb(20, 24, 31)');
      await snap('dark-home');
      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(join(EXAMPLES, 'customers-messy.csv'));
      await page.locator('[data-member="customers-messy.csv"]').waitFor();
      await snap('dark-upload');
      await button(t.upload.import).click();
      await page.locator('[data-column="Mobile No."]').waitFor();
      await snap('dark-map');
      await button(t.map.validate).click();
      await page.locator('table.grid.rows tbody tr').first().waitFor({ timeout: 30_000 });
      await snap('dark-review');
    });

    it('the fix loop, three rounds: rejections.csv fixed by hand and imported again, until none is left', async () => {
      await signIn('importer');
      /** One round as a user does it: upload, validate, write, download what was refused. */
      const round = async (n: number, file: string) => {
        await page.getByRole('link', { name: t.nav.newImport }).click();
        await page.locator('input[type=file]').setInputFiles(file);
        await page.locator('[data-member="rejections.csv"], [data-member="members.csv"]').waitFor();
        const id = importId();
        await button(t.upload.import).click();
        await page.getByLabel(`${t.map.field}: email`).waitFor();
        // Intake's own report columns are recognised: never offered as fields.
        expect(await page.getByLabel(`${t.map.field}: _line`).count()).toBe(0);
        if (n > 1) {
          expect(await page.locator('tr.report-column').count()).toBe(4);
          expect(await page.locator('.sheet').textContent()).not.toContain('_line,');
        }
        await snap(`round-${n}-map`);
        await button(t.map.validate).click();
        await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
        await expect.poll(() => status(id), { timeout: 30_000 }).toBe('awaiting_approval');
        const refused = (
          await intake.imports.rows('acme', id, { outcome: 'rejected', limit: 50 })
        ).rows.map((r) => `${r.line}:${r.problems.map((p) => p.code).join('+')}`);
        // The grid shows the rows of this file, at their lines in it.
        await page.locator('table.grid.rows tbody tr').first().waitFor();
        const shownLines = await page
          .locator('table.grid.rows tbody tr.rejected')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line')));
        expect(shownLines).toEqual(refused.map((r) => r.split(':')[0]));
        await snap(`round-${n}-review`);
        await button(t.review.next).click();
        await button(t.run.write).click();
        await expect.poll(() => status(id), { timeout: 30_000 }).toMatch(/^completed/);
        await page.getByRole('heading', { name: t.run.downloads }).waitFor();
        if (refused.length === 0) return { refused, rows: [] };
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'rejections.csv' }).click(),
        ]);
        mkdirSync(join(box.dir, `round-${n}`));
        const saved = join(box.dir, `round-${n}`, 'rejections.csv');
        await download.saveAs(saved);
        const text = readFileSync(saved, 'utf8').replace(/^\uFEFF/, '');
        const parsed = Papa.parse<Record<string, string>>(text, {
          header: true,
          skipEmptyLines: true,
        });
        // Each report column once, whatever the rounds before wrote.
        expect(parsed.meta.fields!.filter((f) => f === '_line')).toEqual(['_line']);
        return { refused, rows: parsed.data, fields: parsed.meta.fields!, saved };
      };
      /** The user's fix of the downloaded file, as in a spreadsheet: a cell changed. */
      const fix = (
        r: Awaited<ReturnType<typeof round>>,
        id: string,
        field: string,
        value: string,
      ) => {
        const row = r.rows.find((x) => x.external_id === id)!;
        row[field] = value;
        writeFileSync(r.saved!, Papa.unparse({ fields: r.fields!, data: r.rows }) + '\n');
        return r.saved!;
      };

      const first = join(box.dir, 'members.csv');
      writeFileSync(
        first,
        [
          'external_id,first_name,last_name,email,mobile,slab',
          'C-4,Di,Dunn,di@example.com,+33612345604,Gold',
          'C-1,Ann,Ames,ann@example,+33612345601,Gold',
          'C-2,Bob,Bell,bob@example.com,+33612345602,Diamond',
          'C-3,Cy,Cole,cy@example.com,12345,Gold',
        ].join('\n') + '\n',
      );
      const one = await round(1, first);
      expect(one.refused).toEqual(['3:INTAKE_E_EMAIL', '4:INTAKE_E_ENUM', '5:INTAKE_E_PHONE']);
      expect(one.rows.map((r) => [r.external_id, r._line, r._code])).toEqual([
        ['C-1', '3', 'INTAKE_E_EMAIL'],
        ['C-2', '4', 'INTAKE_E_ENUM'],
        ['C-3', '5', 'INTAKE_E_PHONE'],
      ]);

      // Round two: only Bob's slab is fixed. The others are refused again, at their lines
      // in the new file (2 and 4), for their own problems only: none of round one's.
      const two = await round(2, fix(one, 'C-2', 'slab', 'Gold'));
      expect(two.refused).toEqual(['2:INTAKE_E_EMAIL', '4:INTAKE_E_PHONE']);
      expect(two.rows.map((r) => [r.external_id, r._line, r._code])).toEqual([
        ['C-1', '2', 'INTAKE_E_EMAIL'],
        ['C-3', '4', 'INTAKE_E_PHONE'],
      ]);

      // Round three: the last two fixed; nothing is refused, every member is stored.
      fix(two, 'C-1', 'email', 'ann@example.com');
      const three = await round(3, fix(two, 'C-3', 'mobile', '+33612345603'));
      expect(three.refused).toEqual([]);
      await page.getByRole('link', { name: t.nav.home }).click();
      await expect
        .poll(() => page.locator('[data-entity="loyalty.customer"]').textContent())
        .toContain(t.home.records(4));
    });

    it('a removal file: each row runs its own operation; an erase is typed before approval', async () => {
      const contacts = join(ROOT, 'examples', 'contacts');
      for (const files of [['criteria.csv', 'contacts.csv'], ['contact-criteria.csv']]) {
        await intake.imports.run({ files: files.map((f) => join(contacts, f)), workspace: 'acme' });
      }
      await signIn('approver');
      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(join(contacts, 'removal.csv'));
      await page.locator('[data-member="removal.csv"]').waitFor();
      const id = importId();
      await button(t.upload.import).click();
      // The OPERATION column carries each row's operation, without help.
      const op = page.getByLabel(`${t.map.field}: OPERATION`);
      await expect.poll(() => op.inputValue()).toBe('_operation');
      await page.getByLabel(t.map.commit).selectOption('partial');
      await expect
        .poll(() => intake.imports.get('acme', id).then((v) => v!.settings.options.commit))
        .toBe('partial');
      await snap('map-removal');

      await button(t.map.validate).click();
      await page.getByRole('heading', { name: t.review.problems }).waitFor({ timeout: 30_000 });
      for (const outcome of ['inactivated', 'deleted', 'anonymized', 'erased']) {
        await expect
          .poll(() => page.locator(`.chart [data-outcome="${outcome}"] .num`).textContent())
          .toBe('1');
      }
      await snap('review-removal');

      await button(t.review.next).click();
      const approve = page.getByRole('button', { name: t.run.approve });
      await page.getByText(t.run.eraseWarning(1)).waitFor();
      expect(await approve.isDisabled()).toBe(true);
      await page.getByLabel(t.run.eraseType(1)).fill('2');
      expect(await approve.isDisabled()).toBe(true);
      await page.getByLabel(t.run.eraseType(1)).fill('1');
      await snap('erase-typed');
      await approve.click();
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('completed_with_issues');
      const stored = await intake.store.db
        .selectFrom('contacts_contact' as never)
        .select(['contact_nr' as never, 'status' as never])
        .execute();
      const byNr = Object.fromEntries(
        (stored as { contact_nr: string; status: string }[]).map((r) => [r.contact_nr, r.status]),
      );
      expect(byNr['C-1002']).toBe('Inactive');
      expect(byNr['C-1003']).toBeUndefined();
      expect(byNr['C-1006']).toBeUndefined();
      await snap('removal-done');
    });

    it('an incomplete mapping: the Map step names what is missing, and Validate waits for it', async () => {
      const file = join(box.dir, 'members.csv');
      writeFileSync(
        file,
        'external_id,Given,email,mobile,slab\nC-3001,Ines,ines@example.com,+33612349901,Gold\n',
      );
      await signIn('importer');
      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(file);
      await page.locator('[data-member="members.csv"]').waitFor();
      const id = importId();
      expect(await status(id)).toBe('incomplete');
      await button(t.upload.import).click();
      const gaps = page.locator('.incomplete');
      await gaps.waitFor();
      expect(await gaps.locator('li').allTextContents()).toEqual([
        'members.csv: no column for First name, which Customer needs',
      ]);
      expect(await button(t.map.validate).isDisabled()).toBe(true);
      await snap('incomplete');
      await page.getByLabel(`${t.map.field}: Given`).selectOption('first_name');
      await expect.poll(() => status(id)).toBe('draft');
      await expect.poll(() => button(t.map.validate).isDisabled()).toBe(false);
      expect(await gaps.count()).toBe(0);
    });

    it('a ZIP with an unknown member: removed before import; the rest lands', async () => {
      const zip = await writeZip(join(box.dir, 'partner.zip'), {
        'customers.csv': readFileSync(join(ROOT, 'examples/billing/initial/customers.csv')),
        'customer_accounts.csv': readFileSync(
          join(ROOT, 'examples/billing/initial/customer_accounts.csv'),
        ),
        'notes.csv': 'colour,mood\nred,happy\n',
      });
      await signIn('importer');
      await page.getByRole('link', { name: t.nav.newImport }).click();
      // Dragged and dropped, as from a file manager (a string: this runs in the page).
      const dropped = await page.evaluateHandle(`(() => {
        const bytes = Uint8Array.from(atob('${readFileSync(zip).toString('base64')}'), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'partner.zip', { type: 'application/zip' }));
        return dt;
      })()`);
      await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dropped });
      const notes = page.locator('[data-member="notes.csv"]');
      await notes.waitFor();
      expect(await notes.locator('.tag').textContent()).toBe(t.upload.unknown);
      expect(await page.locator('[data-member="customers.csv"] .tag').textContent()).toBe(
        'billing.customer',
      );
      await page.getByText(t.upload.unknownLeft).waitFor();
      await snap('zip-members');
      await notes.getByRole('button', { name: t.upload.remove }).click();
      await notes.getByText(t.upload.removed).waitFor();
      expect(await page.getByText(t.upload.unknownLeft).count()).toBe(0);
      const id = importId();
      expect((await intake.imports.get('acme', id))!.settings.options.exclude).toEqual([
        'notes.csv',
      ]);
      await snap('zip-member-removed');

      await button(t.upload.import).click();
      expect(await page.locator('[data-sheet]').count()).toBe(2);
      await button(t.map.validate).click();
      await page.getByText(t.review.noProblems).waitFor({ timeout: 30_000 });
      await snap('zip-review');
      const approved = await fetch(`${base}/imports/${id}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.approver}` },
      });
      expect(approved.status).toBe(200);
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('completed');
      await page.reload();
      await page.getByText(t.status.completed!, { exact: true }).first().waitFor();
      // One download per kind, named after the import: the files' rejections in one ZIP,
      // the per-file reports folded away.
      const downloads = page.locator('ul.downloads').first();
      await downloads.getByRole('button', { name: 'rejections.zip' }).waitFor();
      expect(await downloads.getByRole('button').allTextContents()).toEqual([
        'corrections.csv',
        'rejections.zip',
        'summary.json',
      ]);
      await page.getByText(t.run.perFile(4)).waitFor();
      const saved = page.waitForEvent('download');
      await downloads.getByRole('button', { name: 'rejections.zip' }).click();
      expect((await saved).suggestedFilename()).toBe(`${id}-rejections.zip`);
      await snap('zip-done');
      await page.getByRole('link', { name: t.nav.home }).click();
      await expect
        .poll(() => page.locator('[data-entity="billing.customer"]').textContent())
        .toContain(t.home.records(3));
    });

    it('a workbook: each sheet by its name, removed alone; a title row skipped, the header row chosen in the page', async () => {
      const book = new ExcelJS.Workbook();
      const customers = book.addWorksheet('Customers');
      customers.addRow(['Customers of March']);
      customers.mergeCells('A1:D1');
      customers.addRow([]);
      const csv = readFileSync(join(ROOT, 'examples/billing/initial/customers.csv'), 'utf8');
      customers.addRows(Papa.parse<string[]>(csv.trim()).data);
      book.addWorksheet('Read me').addRows([['Sent by the partner'], ['Questions: call Ann']]);
      book.addWorksheet('Old').state = 'hidden';
      const file = join(box.dir, 'partner.xlsx');
      await book.xlsx.writeFile(file);

      await signIn('importer');
      await page.getByRole('link', { name: t.nav.newImport }).click();
      await page.locator('input[type=file]').setInputFiles(file);
      const sheet = page.locator('[data-member="partner.xlsx › Customers"]');
      const readMe = page.locator('[data-member="partner.xlsx › Read me"]');
      await sheet.waitFor();
      // Each sheet by its own name (never "partner.xlsx › partner.xlsx"), with its type.
      expect(await sheet.locator('td').first().textContent()).toBe('partner.xlsx › Customers');
      expect(await sheet.locator('.tag').textContent()).toBe('billing.customer');
      expect(await readMe.locator('.tag').textContent()).toBe(t.upload.unknown);
      expect(await sheet.locator('.num').textContent()).toBe('3');
      await page.getByText('partner.xlsx › Old: not read (hidden in the workbook)').waitFor();
      // The title above the header was found, and the page says so.
      const header = sheet.getByRole('button', {
        name: t.upload.changeHeader('partner.xlsx › Customers'),
      });
      expect(await header.textContent()).toBe(t.upload.row(3));
      await page.getByText(t.upload.titleRows('partner.xlsx › Customers', 3, [1])).waitFor();

      // The user looks at the first rows and tries another header row, then comes back.
      await header.click();
      const choice = page.getByRole('group', {
        name: t.upload.headerQuestion('partner.xlsx › Customers'),
      });
      await choice.getByText('C-ACME').waitFor();
      await snap('workbook-header-row');
      await choice.getByLabel(t.upload.row(1), { exact: true }).check();
      await expect.poll(() => sheet.locator('.tag').textContent()).toBe(t.upload.unknown);
      expect(await header.textContent()).toBe(t.upload.row(1));
      const id = importId();
      expect((await intake.imports.get('acme', id))!.settings.options.headerRows).toEqual({
        'partner.xlsx › Customers': 1,
      });
      await choice.getByLabel(t.upload.row(3), { exact: true }).check();
      await expect.poll(() => sheet.locator('.tag').textContent()).toBe('billing.customer');
      await choice.getByRole('button', { name: t.upload.headerDone }).click();

      // Removing one sheet leaves the other in.
      await readMe.getByRole('button', { name: t.upload.remove }).click();
      await readMe.getByText(t.upload.removed).waitFor();
      expect(await sheet.getByText(t.upload.removed).count()).toBe(0);
      await snap('workbook-sheet-removed');

      await button(t.upload.import).click();
      expect(await page.locator('[data-sheet]').count()).toBe(1);
      await button(t.map.validate).click();
      await page.getByText(t.review.noProblems).waitFor({ timeout: 30_000 });
      await button(t.review.next).click();
      await button(t.run.write).click();
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('completed');
      const view = (await intake.imports.get('acme', id))!;
      expect(view.counts).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    });

    it('a large import: live progress with rows per second while it runs', async () => {
      // Enough rows that reading and checking them takes seconds, even on a quiet machine:
      // the page must be seen in the middle of it.
      const rows = 120_000;
      const file = join(box.dir, 'customers.csv');
      const lines = ['code,name'];
      for (let i = 0; i < rows; i++) lines.push(`K${i},C${i}`); // under the upload limit
      writeFileSync(file, lines.join('\n') + '\n');
      await signIn('approver');
      await page.goto(`${base}/ui/#/new?entity=billing.customer`);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.locator('[data-member="customers.csv"]').waitFor();
      await button(t.upload.import).click();
      await page.getByLabel(t.map.commit).selectOption('partial');
      const id = importId();
      await expect
        .poll(() => intake.imports.get('acme', id).then((v) => v!.settings.options.commit))
        .toBe('partial');
      // While it reads, checks and writes: a bar that is part full, a rate, the time left
      // and the step named ("Step 2 of 5: ..."). The page looks at each of its own
      // renders, all through the run: a sample taken every few milliseconds from here
      // could miss a validation that lasts two seconds on a quiet machine.
      await page.evaluate(`(() => {
        const observer = new MutationObserver(() => {
          const value = Number(document.querySelector('progress')?.getAttribute('value') ?? 0);
          const text = document.body.innerText;
          if (value > 0 && value < ${rows} && /rows\\/s/.test(text) && / left$/m.test(text)
              && /^Step \\d of 5: /m.test(text)) {
            window.progressSeen = text;
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      })()`);
      await button(t.map.validate).click();
      await button(t.review.next).click({ timeout: 60_000 });
      await button(t.run.approve).click();
      await expect.poll(() => status(id), { timeout: 60_000 }).toBe('completed');
      expect(await page.evaluate('window.progressSeen ?? ""')).toMatch(/rows\/s/);
      await page.getByText(t.run.progress(rows, rows)).waitFor();
      expect(await page.locator('[data-outcome="created"] .num').textContent()).toBe(
        rows.toLocaleString('en'),
      );
      await snap('large-done');
    });

    it('ambiguous dates: the user chooses the order; settings saved as a template and reused', async () => {
      const file = join(box.dir, 'members.csv');
      writeFileSync(
        file,
        'External Id,First Name,Last Name,Registration Date\nA1,Ann,Lee,03/04/2000\nA2,Bob,Ray,05/06/2001\n',
      );
      await signIn('admin');
      await page.goto(`${base}/ui/#/new`);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.locator('[data-member="members.csv"]').waitFor();
      await button(t.upload.import).click();
      const country = page.getByLabel(t.map.country);
      await country.fill('DE');
      await country.blur();
      const id = importId();
      await expect
        .poll(() => intake.imports.get('acme', id).then((v) => v!.settings.options.country))
        .toBe('DE');
      await page.getByPlaceholder(t.map.templateName).fill('partner-members');
      await button(t.map.save).click();
      await page.getByText(t.map.saved('partner-members')).waitFor();

      await button(t.map.validate).click();
      await page.getByText(t.review.dates).waitFor({ timeout: 30_000 });
      expect(await page.locator('.problems').textContent()).toContain(
        `2 ${t.problem.INTAKE_E_DATE_AMBIGUOUS}`,
      );
      await snap('dates-ask');
      await page.getByLabel(t.map.dateOrders.mdy!).check();
      await button(t.review.revalidate).click();
      await page.getByText(t.review.noProblems).waitFor({ timeout: 30_000 });
      const view = (await intake.imports.get('acme', id))!;
      expect(view.settings.options.dateOrder).toBe('mdy');
      expect(view.counts).toMatchObject({ created: 2, rejected: 0 });
      await snap('dates-chosen');
      const rows = await intake.imports.rows('acme', id, { offset: 0, limit: 10 });
      expect(rows.rows.map((r) => r.outcome)).toEqual(['created', 'created']);

      // The saved template starts the next import with the same settings.
      await page.goto(`${base}/ui/#/new`);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.locator('[data-member="members.csv"]').waitFor();
      await button(t.upload.import).click();
      await page.getByLabel(t.map.template).selectOption('partner-members');
      const next = importId();
      await expect
        .poll(() => intake.imports.get('acme', next).then((v) => v!.settings.options.country))
        .toBe('DE');
      await expect.poll(() => country.inputValue()).toBe('DE');
    });

    it('remembers a mapping for the same columns; an importer saves a template, offered for its type only', async () => {
      // An admin's template of another entity type: not offered for customers.
      await intake.templates.save('acme', 'admin-kim', {
        name: 'stores-weekly',
        entity: 'loyalty.store',
        settings: { options: {}, approval: false, notify: [] },
      });
      const csv = 'Code,Raison sociale,Courriel,Category code\nR1,Rex,rex@example.com,corporate\n';
      const first = join(box.dir, 'partner-march.csv');
      writeFileSync(first, csv);
      await signIn('importer');
      await page.goto(`${base}/ui/#/new?entity=billing.customer`);
      await page.locator('input[type=file]').setInputFiles(first);
      await page.locator('[data-member="partner-march.csv"]').waitFor();
      await button(t.upload.import).click();
      // The partner's names for the columns: mapped by hand once.
      await page.getByLabel(`${t.map.field}: Raison sociale`).selectOption('name');
      await page.getByLabel(`${t.map.field}: Courriel`).selectOption('email');
      // A column no field takes for sure: its next guesses are offered beside it.
      const guesses = page.locator('[data-column="Category code"] .alternatives');
      expect(await guesses.textContent()).toContain('Category (67%)');
      await guesses
        .getByRole('button', { name: t.map.useAlternative('Category code', 'Category') })
        .click();
      const firstId = importId();
      await expect
        .poll(() => intake.imports.get('acme', firstId).then((v) => v!.settings.options.mapping))
        .toEqual({ 'Raison sociale': 'name', Courriel: 'email', 'Category code': 'category' });
      // Templates of customers only (the stores' one is not offered); an importer saves one.
      expect(await page.getByLabel(t.map.template).count()).toBe(0);
      await page.getByPlaceholder(t.map.templateName).fill('partner-customers');
      await button(t.map.save).click();
      await page.getByText(t.map.saved('partner-customers')).waitFor();
      await button(t.map.validate).click();
      await page.getByText(t.review.noProblems).waitFor({ timeout: 30_000 });

      // Next month's file, the same columns in another order: the mapping is offered.
      const second = join(box.dir, 'partner-april.csv');
      writeFileSync(
        second,
        'Category code,Courriel,Code,Raison sociale\ncorporate,sue@example.com,R2,Sue\n',
      );
      await page.goto(`${base}/ui/#/new?entity=billing.customer`);
      await page.locator('input[type=file]').setInputFiles(second);
      await page.locator('[data-member="partner-april.csv"]').waitFor();
      await button(t.upload.import).click();
      const offer = page.locator('.remembered');
      await offer.getByText(firstId).waitFor();
      expect(await page.getByLabel(`${t.map.field}: Courriel`).inputValue()).toBe('');
      await snap('remembered-offer');
      await offer.getByRole('button', { name: t.map.useRemembered }).click();
      await expect
        .poll(() => page.getByLabel(`${t.map.field}: Courriel`).inputValue())
        .toBe('email');
      expect(await page.getByLabel(`${t.map.field}: Raison sociale`).inputValue()).toBe('name');
      expect(await page.getByLabel(`${t.map.field}: Category code`).inputValue()).toBe('category');
      await expect.poll(() => offer.count()).toBe(0); // in use: no longer offered
      expect(await page.getByLabel(t.map.template).locator('option').allTextContents()).toEqual([
        t.map.noTemplate,
        'partner-customers',
      ]);
    });

    it('by keyboard alone: a file that cannot be read says why; reset; then import and cancel', async () => {
      /** Tab until the control named `name` has focus. */
      const tabTo = async (name: string) => {
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          // A control's text, or its label's (the file input).
          const focused = await page.evaluate(
            "(e => e && (e.closest('label') || e).textContent)(document.activeElement)",
          );
          if (focused === name) return;
        }
        throw new Error(`no focusable "${name}"`);
      };
      const choose = async (file: string) => {
        // The page may still re-render after a step and drop the focus to its body (issue
        // 17: "focus drops to the page body on every step"); a keyboard user then tabs
        // and presses again, and so does this test, a few times at most.
        for (let attempt = 1; ; attempt++) {
          await tabTo(t.upload.pick);
          const opened = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
          await page.keyboard.press('Space'); // what opens a file input (Enter does not, in Chromium)
          const chooser = await opened;
          if (chooser) return chooser.setFiles(file);
          if (attempt === 3) throw new Error('the file input did not open from the keyboard');
        }
      };
      const empty = join(box.dir, 'empty.csv');
      writeFileSync(empty, '');
      const good = join(box.dir, 'stores.csv');
      writeFileSync(good, readFileSync(join(EXAMPLES, 'stores.csv')));

      await page.goto(`${base}/ui/`);
      await page.getByLabel(t.signIn.name).waitFor();
      expect(await page.evaluate('document.activeElement.name')).toBe('username'); // focused at once
      await tabTo(t.signIn.useToken);
      await page.keyboard.press('Enter');
      await page.getByLabel(t.signIn.token).waitFor();
      expect(await page.evaluate('document.activeElement.name')).toBe('token');
      await page.keyboard.type(token.importer!);
      await page.keyboard.press('Enter');
      await page.getByText('importer-kim · importer').waitFor();
      await tabTo(t.nav.newImport);
      await page.keyboard.press('Enter');
      await page.getByText(t.upload.drop).waitFor();

      await choose(empty);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('INTAKE_E_FILE_EMPTY');
      await snap('unreadable-file');
      const first = importId();
      await tabTo(t.upload.reset);
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/new$/);
      expect(await status(first)).toBe('cancelled');

      await choose(good);
      await page.locator('[data-member="stores.csv"]').waitFor();
      // Each new step puts the focus on its heading: the keyboard goes on from there (a
      // Tab pressed before that focus would be taken back by it).
      const atStep = (title: string) =>
        expect
          .poll(() => page.evaluate('document.activeElement?.textContent'), { timeout: 30_000 })
          .toBe(title);
      await tabTo(t.upload.import);
      await page.keyboard.press('Enter');
      await atStep(t.map.title);
      await tabTo(t.map.validate);
      await page.keyboard.press('Enter');
      const id = importId();
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('awaiting_approval');
      await page.getByText(t.review.noProblems).waitFor();
      await atStep(t.review.title);
      await tabTo(t.review.next);
      await page.keyboard.press('Enter');
      await button(t.run.write).waitFor();
      await atStep(t.run.title);
      await tabTo(t.run.cancel);
      // Cancel asks first: dismissed, nothing happens; accepted, the import is cancelled.
      page.once('dialog', (d) => void d.dismiss());
      await page.keyboard.press('Enter');
      await button(t.run.write).waitFor();
      expect(await status(id)).toBe('awaiting_approval');
      page.once('dialog', (d) => {
        expect(d.message()).toBe(t.run.cancelConfirm);
        void d.accept();
      });
      await page.keyboard.press('Enter');
      await expect.poll(() => status(id)).toBe('cancelled');
      await page.getByText(t.status.cancelled!, { exact: true }).first().waitFor();
      await snap('cancelled');
    });

    it('signs in with a name and password: one session for every tab, until signed out', async () => {
      await intake.access.createUser('acme', 'admin-kim', {
        name: 'ann',
        role: 'approver',
        password: 'correct horse battery',
      });
      const id = await submitted(intake, {
        actor: 'importer-kim',
        files: [join(ROOT, 'examples/billing/initial/customers.csv')],
        approval: true,
      });
      await expect.poll(() => status(id), { timeout: 30_000 }).toBe('awaiting_approval');

      await page.goto(`${base}/ui/`);
      await page.getByLabel(t.signIn.name).fill('ann');
      await page.getByLabel(t.signIn.password).fill('wrong password!');
      await page.getByRole('button', { name: t.signIn.submit, exact: true }).click();
      await page.getByText('the name or the password is not right').waitFor();
      await snap('sign-in-wrong-password');
      await page.getByLabel(t.signIn.password).fill('correct horse battery');
      await page.getByRole('button', { name: t.signIn.submit, exact: true }).click();
      await page.getByText('ann · approver').waitFor();
      // Something waits for this approver, and the home page says so.
      await page.getByText(t.home.waiting(1)).waitFor();
      // The session is a cookie no script can read, and not kept in the page's storage.
      const cookies = await page.context().cookies();
      expect(cookies).toEqual([
        expect.objectContaining({ name: 'intake_session', httpOnly: true, sameSite: 'Lax' }),
      ]);
      expect(
        await page.evaluate('JSON.stringify(sessionStorage) + JSON.stringify(localStorage)'),
      ).not.toMatch(/its_|itk_/);

      // The shared link, opened in another tab, needs no second sign-in.
      const other = await page.context().newPage();
      await other.goto(`${base}/ui/#/imports/${id}`);
      await other.getByText('ann · approver').waitFor();
      await other.getByRole('button', { name: t.review.next, exact: true }).click();
      await other.getByRole('button', { name: t.run.approve, exact: true }).waitFor();

      // Signing out in one tab ends the session on the server: the other tab's next
      // call finds it gone and asks to sign in again.
      await signOut();
      await page.getByLabel(t.signIn.name).waitFor();
      await other.reload();
      await other.getByLabel(t.signIn.name).waitFor();
      await other.close();
      const audit = await intake.access.auditLog('acme');
      expect(audit.some((a) => a.action === 'session.start' && a.actor === 'ann')).toBe(true);
    });

    it('an admin adds a person in the page; she signs in, changes her password; disabled, she is out', async () => {
      await signIn('admin');
      await page.getByRole('link', { name: t.nav.account }).click();
      await page.getByRole('heading', { name: t.account.users }).waitFor();
      await page.getByText(t.account.noUsers).waitFor();
      const add = page.locator('form.inline');
      await add.getByLabel(t.account.name).fill('bea');
      await add.getByLabel(t.account.role).selectOption('importer');
      await add.getByLabel(t.account.firstPassword).fill('short');
      await add.getByRole('button', { name: t.account.addButton }).click();
      await page.getByText('a password needs at least 10 characters').waitFor();
      await add.getByLabel(t.account.firstPassword).fill('first of many passwords');
      await add.getByRole('button', { name: t.account.addButton }).click();
      await page.locator('[data-user="bea"]').waitFor();
      await snap('account-admin');

      // Bea, in her own browser.
      const hers = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const bea = await hers.newPage();
      try {
        await bea.goto(`${base}/ui/`);
        await bea.getByLabel(t.signIn.name).fill('bea');
        await bea.getByLabel(t.signIn.password).fill('first of many passwords');
        await bea.getByRole('button', { name: t.signIn.submit, exact: true }).click();
        await bea.getByText('bea · importer').waitFor();
        await bea.getByRole('link', { name: t.nav.account }).click();
        await bea.getByLabel(t.account.current).fill('first of many passwords');
        await bea.getByLabel(t.account.new).fill('second and better one');
        await bea.getByRole('button', { name: t.account.change }).click();
        await bea.getByText(t.account.changed).waitFor();
        // An importer sees no list of people.
        expect(await bea.getByRole('heading', { name: t.account.users }).count()).toBe(0);
        expect(
          (await intake.access.signIn({ name: 'bea', password: 'second and better one' })).me.name,
        ).toBe('bea');

        // The admin disables her: her open page finds its session gone.
        page.once('dialog', (d) => void d.accept());
        await page
          .locator('[data-user="bea"]')
          .getByRole('button', { name: t.account.disable })
          .click();
        await expect.poll(() => page.locator('[data-user="bea"]').count()).toBe(0);
        await bea.getByRole('link', { name: t.nav.home }).click();
        await bea.getByLabel(t.signIn.name).waitFor();
      } finally {
        await hers.close();
      }
    });

    it('speaks French to a browser set to French, and English again when chosen', async () => {
      const french = await browser.newContext({
        locale: 'fr-FR',
        viewport: { width: 1366, height: 900 },
      });
      const previous = page;
      page = await french.newPage();
      try {
        await page.goto(`${base}/ui/`);
        await page.getByRole('heading', { name: fr.signIn.title }).waitFor();
        expect(await page.evaluate('document.documentElement.lang')).toBe('fr');
        await page.getByRole('button', { name: fr.signIn.useToken }).click();
        await page.getByLabel(fr.signIn.token).fill(token.importer!);
        await page.getByRole('button', { name: fr.signIn.submit, exact: true }).click();
        await page.getByText(fr.whoami('importer-kim', 'importer', 'acme')).waitFor();
        await page.getByRole('heading', { name: fr.home.title }).waitFor();
        await page.getByRole('link', { name: fr.nav.newImport }).click();
        await page.locator('input[type=file]').setInputFiles(join(EXAMPLES, 'customers-messy.csv'));
        await page.locator('[data-member="customers-messy.csv"]').waitFor();
        await page.getByRole('button', { name: fr.upload.import, exact: true }).click();
        await page.getByRole('heading', { name: fr.map.title }).waitFor();
        await snap('french-map');
        // The choice is the user's, kept in this browser.
        await page.getByLabel(fr.nav.language).selectOption('en');
        await page.getByRole('button', { name: t.nav.signOut }).waitFor();
        await page.reload(); // and kept
        await page.getByRole('button', { name: t.nav.signOut }).waitFor();
        expect(await page.evaluate('document.documentElement.lang')).toBe('en');
      } finally {
        await french.close();
        page = previous;
      }
    });

    it('says so when a token is wrong, and shows empty states', async () => {
      await page.goto(`${base}/ui/`);
      await page.getByRole('button', { name: t.signIn.useToken }).click();
      await page.getByLabel(t.signIn.token).fill('itk_not-a-token');
      await page.getByRole('button', { name: t.signIn.submit, exact: true }).click();
      await page.getByText('this API token is unknown or revoked').waitFor();
      expect(await page.locator('main').textContent()).not.toContain('`');
      await snap('sign-in-refused');
      await signIn('viewer');
      await page.getByRole('link', { name: t.nav.imports, exact: true }).click();
      await page.getByText(t.history.empty).waitFor();
      await snap('history-empty');
      await page.goto(`${base}/ui/#/records/loyalty.customer`);
      await page.getByText(t.records.noneYet).waitFor();
      await snap('records-empty');
      // Viewers read; they get no Import button and no New import, and the wizard's
      // address says which role they would need.
      await page.getByRole('link', { name: t.nav.home }).click();
      await page.locator('[data-entity="loyalty.customer"]').waitFor();
      expect(await page.getByRole('link', { name: t.home.import, exact: true }).count()).toBe(0);
      expect(await page.getByRole('link', { name: t.nav.newImport }).count()).toBe(0);
      await snap('home-viewer');
      await page.goto(`${base}/ui/#/new`);
      await page.getByText(t.nav.viewerOnly).waitFor();
      expect(await page.locator('input[type=file]').count()).toBe(0);
    });

    it('undo from the import page: a preview, a confirmation, the old values back', async () => {
      const billing = join(ROOT, 'examples', 'billing');
      await intake.imports.run({ files: [join(billing, 'billing.zip')], workspace: 'acme' });
      const update = await intake.imports.run({
        files: [join(billing, 'billing-update.zip')],
        workspace: 'acme',
      });
      const id = update.import.id;
      // Viewers and importers see no Undo: it is an approver's step.
      await signIn('importer');
      await page.goto(`${base}/ui/#/imports/${id}`);
      await page.getByText(t.status.completed!, { exact: true }).first().waitFor();
      expect(await button(t.undo.open).count()).toBe(0);
      await signOut();

      await signIn('approver');
      await page.goto(`${base}/ui/#/imports/${id}`);
      await button(t.undo.open).click();
      await page.getByText(t.undo.would(3, 6, 0)).waitFor();
      await snap('undo-preview');
      expect(await status(id)).toBe('completed'); // a preview writes nothing
      await button(t.undo.confirm).click();
      await page.getByText(t.run.undone(3, 6, 0)).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'undo.csv' }).waitFor();
      await snap('undone');
      expect(await status(id)).toBe('undone');
      const one = await intake.records.get('billing.user_account', 'UA-ACME-DE-BERLIN', 'acme');
      expect(one).toMatchObject({ parent: 'UA-ACME-DE', name: 'Berlin office' });
    });
  });
});
