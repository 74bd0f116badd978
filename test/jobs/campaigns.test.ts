import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { ROOT, csv } from '../helpers/files.js';
import { settled, submitted } from '../helpers/imports.js';
import { records } from '../helpers/records.js';

const EXAMPLES = join(ROOT, 'examples', 'campaigns');
const HEADER = ['Name', 'phone1', 'phone2', 'Dialer Priority'];
const ANA = ['Ana Lima', '+33612340001', '', '5'];
const BEN = ['Ben Ito', '+33612340002', '', '3'];
const CHLOE = ['Chloe Dubois', '+33612340003', '', '1'];
const FRANK = ['Frank Roux', '+33612340006', '', '2'];

/**
 * The campaign pack (issue 14, after the call-centre seed's importWS): contacts join
 * the dial list an import names, with the seed's policies for contacts already in the
 * list (dupdiallist), in another list of the campaign or in none (changepackage), resets
 * of agent and status, details updated or not (dupway), and dialler fields. Every row
 * says what became of its membership.
 */
describe.each(BACKENDS)('campaign contacts on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const join_ = (rows: string[][], options: Partial<ImportOptions>) =>
    intake.imports.run({
      files: [csv(box.dir, `contacts-${++n}.csv`, [HEADER, ...rows])],
      options,
    });
  /** Memberships as `phone list placement [from]`, sorted. */
  const memberships = async () =>
    (await records(intake, 'campaigns.list_membership'))
      .map((m) =>
        [m.contact, m.dial_list, m.placement, m.previous_list].filter((x) => x != null).join(' '),
      )
      .sort();
  const membership = async (phone: string, list: string) =>
    (await records(intake, 'campaigns.list_membership')).find(
      (m) => m.contact === phone && m.dial_list === list,
    )!;
  /** Each membership row of an import: line, outcome, and why when it was not written. */
  const outcomes = async (id: string) =>
    (await intake.imports.rows('default', id, { limit: 100 })).rows
      .filter((r) => r.file.includes('generated-list-membership'))
      .map((r) => [r.line, r.outcome, r.problems[0]?.message ?? '']);
  /** Set a stored membership's agent and status, as a dialler's export would. */
  const dialled = (phone: string, list: string, agent: string, status: string) =>
    membership(phone, list).then((m) =>
      intake.imports.run({
        files: [
          csv(box.dir, `status-${++n}.csv`, [
            ['membership_no', 'contact', 'dial_list', 'agent', 'status'],
            [String(m.membership_no), phone, list, agent, status],
          ]),
        ],
        options: { mode: 'update' },
      }),
    );

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    const setup = await intake.imports.run({
      files: ['campaigns.csv', 'dial-lists.csv'].map((f) => join(EXAMPLES, f)),
    });
    expect(setup.counts).toMatchObject({ created: 5, rejected: 0 });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('adds every contact of a file to the list, with its dial phone, priority, schedule and details', async () => {
    const r = await intake.imports.run({
      files: [join(EXAMPLES, 'contacts.csv')],
      options: { list: 'SPRING-A', phoneField: 'phone2' },
    });
    expect(r.import.status).toBe('completed');
    expect(r.files.map((f) => [f.name, f.entity, f.rows])).toEqual([
      ['contacts.csv', 'campaigns.campaign_contact', 4],
      ['contacts.generated-list-membership.csv', 'campaigns.list_membership', 4],
    ]);
    expect(r.counts).toMatchObject({ created: 8, rejected: 0 });
    const ana = await membership('+33612340001', 'SPRING-A');
    expect(ana).toMatchObject({
      dial_phone: '+33140000001',
      priority: 5,
      status: 'New',
      placement: 'Added',
    });
    expect(String(ana.schedule)).toMatch(/^2024-04-02T09:30/);
    // Ben has no second phone: the dialler has nothing to call for him, as asked.
    expect((await membership('+33612340002', 'SPRING-A')).dial_phone).toBeNull();
    const contacts = await records(intake, 'campaigns.campaign_contact');
    // Columns the pack has no field for are the contact's own details.
    expect(contacts.find((c) => c.phone1 === '+33612340001')).toMatchObject({
      name: 'Ana Lima',
      email: 'ana@example.com',
      custom: { Plan: 'Fibre' },
    });
    expect(await outcomes(r.import.id)).toEqual([
      [2, 'created', ''],
      [3, 'created', ''],
      [4, 'created', ''],
      [5, 'created', ''],
    ]);
  });

  it('dupdiallist: a contact already in the list is kept, added again, or added unless it succeeded', async () => {
    await join_([ANA, BEN], { list: 'SPRING-A' });
    await dialled('+33612340001', 'SPRING-A', 'A7', 'Success Submit');
    await dialled('+33612340002', 'SPRING-A', 'A8', 'Dialled');

    const kept = await join_([ANA, BEN, CHLOE], { list: 'SPRING-A' });
    expect(await outcomes(kept.import.id)).toEqual([
      [2, 'skipped', 'already in list SPRING-A (dupdiallist ignoreDuplicate): not added again'],
      [3, 'skipped', 'already in list SPRING-A (dupdiallist ignoreDuplicate): not added again'],
      [4, 'created', ''],
    ]);

    const unlessWon = await join_([ANA, BEN], { list: 'SPRING-A', dupdiallist: 'ignoreSuccess' });
    expect(await outcomes(unlessWon.import.id)).toEqual([
      [
        2,
        'skipped',
        'already in list SPRING-A with status Success Submit (dupdiallist ignoreSuccess): not added again',
      ],
      [3, 'created', ''],
    ]);

    const all = await join_([ANA], { list: 'SPRING-A', dupdiallist: 'all' });
    expect(await outcomes(all.import.id)).toEqual([[2, 'created', '']]);
    expect(await memberships()).toEqual([
      '+33612340001 SPRING-A Added',
      '+33612340001 SPRING-A Readded',
      '+33612340002 SPRING-A Added',
      '+33612340002 SPRING-A Readded',
      '+33612340003 SPRING-A Added',
    ]);
  });

  it('changepackage: contacts in another list of the campaign, in none, and new ones', async () => {
    // Ana is in the evening list; Ben is a stored contact in no list; Chloe is in a list
    // of another campaign, which does not count.
    await join_([ANA], { list: 'SPRING-B' });
    await join_([BEN], {});
    await join_([CHLOE], { list: 'AUTUMN-A' });
    const file = [ANA, BEN, CHLOE, FRANK];

    const skip = await join_(file, { list: 'SPRING-A', changepackage: 'skip' });
    expect(await outcomes(skip.import.id)).toEqual([
      [
        2,
        'skipped',
        'a stored contact, in list SPRING-B (changepackage skip): left out of list SPRING-A',
      ],
      [3, 'skipped', 'a stored contact (changepackage skip): left out of list SPRING-A'],
      [4, 'skipped', 'a stored contact (changepackage skip): left out of list SPRING-A'],
      [5, 'created', ''],
    ]);
    const unassign = await join_(file, { list: 'SPRING-A', changepackage: 'unassignToCurrent' });
    expect(await outcomes(unassign.import.id)).toEqual([
      [
        2,
        'skipped',
        'already in list SPRING-B (changepackage unassignToCurrent: only contacts in no other list join): left out of list SPRING-A',
      ],
      [3, 'created', ''],
      [4, 'created', ''],
      // Frank joined with the first import: he is kept (dupdiallist).
      [5, 'skipped', 'already in list SPRING-A (dupdiallist ignoreDuplicate): not added again'],
    ]);
    const reassign = await join_(file, {
      list: 'SPRING-A',
      changepackage: 'reassignToCurrent',
    });
    expect(await outcomes(reassign.import.id)).toEqual([
      [2, 'updated', ''],
      [3, 'skipped', 'already in list SPRING-A (dupdiallist ignoreDuplicate): not added again'],
      [4, 'skipped', 'already in list SPRING-A (dupdiallist ignoreDuplicate): not added again'],
      [5, 'skipped', 'already in list SPRING-A (dupdiallist ignoreDuplicate): not added again'],
    ]);
    expect(await memberships()).toEqual([
      '+33612340001 SPRING-A Moved SPRING-B',
      '+33612340002 SPRING-A Added',
      '+33612340003 AUTUMN-A Added',
      '+33612340003 SPRING-A Added',
      '+33612340006 SPRING-A Added',
    ]);

    // Undo of the move puts Ana back in the evening list.
    const undone = await intake.imports.undoHere('default', reassign.import.id);
    expect(undone.view.undo).toMatchObject({ refused: 0 });
    expect((await memberships())[0]).toBe('+33612340001 SPRING-B Added');
  });

  it('emptyagent and resetstatus reset kept and moved memberships; dupway skip keeps the details', async () => {
    await join_([ANA], { list: 'SPRING-A' });
    await join_([BEN], { list: 'SPRING-B' });
    await dialled('+33612340001', 'SPRING-A', 'A7', 'Callback');
    await dialled('+33612340002', 'SPRING-B', 'A8', 'Dialled');

    // Without resets, a kept membership is left as it is.
    await join_([ANA], { list: 'SPRING-A' });
    expect(await membership('+33612340001', 'SPRING-A')).toMatchObject({
      agent: 'A7',
      status: 'Callback',
    });
    // A move keeps agent and status unless asked.
    await join_([BEN], { list: 'SPRING-A', changepackage: 'reassignToCurrent', emptyagent: true });
    expect(await membership('+33612340002', 'SPRING-A')).toMatchObject({
      agent: null,
      status: 'Dialled',
      placement: 'Moved',
      previous_list: 'SPRING-B',
    });

    const renamed = ['Ana L.', ANA[1]!, '', '7'];
    const reset = await join_([renamed], {
      list: 'SPRING-A',
      emptyagent: true,
      resetstatus: true,
      dupway: 'skip',
    });
    expect(await outcomes(reset.import.id)).toEqual([[2, 'updated', '']]);
    expect(await membership('+33612340001', 'SPRING-A')).toMatchObject({
      agent: null,
      status: 'New',
      placement: 'Kept',
    });
    // dupway skip: the stored contact's details stay as they were.
    const rows = (await intake.imports.rows('default', reset.import.id, { limit: 10 })).rows;
    expect(rows[0]).toMatchObject({ file: reset.files[0]!.name, outcome: 'skipped' });
    const ana = (await records(intake, 'campaigns.campaign_contact')).find(
      (c) => c.phone1 === ANA[1],
    );
    expect(ana!.name).toBe('Ana Lima');
  });

  it('takes the priority and schedule from the columns named, and refuses what cannot apply', async () => {
    const r = await intake.imports.run({
      entity: 'campaign_contact',
      files: [
        csv(box.dir, 'prio.csv', [
          ['Name', 'Mobile', 'Prio', 'When'],
          ['Gil Sand', '+33612340007', '8', '2024-06-01 08:00'],
          ['Hana Ko', '+33612340008', 'high', ''],
        ]),
      ],
      options: {
        list: 'SPRING-A',
        priorityField: 'Prio',
        dialtimeField: 'when',
        commit: 'partial',
      },
    });
    expect(r.counts).toMatchObject({ created: 2, rejected: 1 });
    expect(await membership('+33612340007', 'SPRING-A')).toMatchObject({ priority: 8 });
    const refused = (
      await intake.imports.rows('default', r.import.id, { outcome: 'rejected', limit: 10 })
    ).rows.map((x) => [x.file, x.line, x.code]);
    // The bad priority refuses the contact's row: it joins no list.
    expect(refused).toEqual([['prio.csv', 3, 'INTAKE_E_TYPE']]);
    expect(await memberships()).toEqual(['+33612340007 SPRING-A Added']);

    await expect(
      join_([ANA], { list: 'SPRING-A', priorityField: 'Importance' }),
    ).rejects.toMatchObject({ code: 'INTAKE_E_FIELD_UNKNOWN' });
    await expect(join_([ANA], { list: 'SPRING-A', phoneField: 'fax' })).rejects.toMatchObject({
      code: 'INTAKE_E_FIELD_UNKNOWN',
      message: expect.stringContaining('use one of phone1, phone2, phone3'),
    });
    await expect(join_([ANA], { dupdiallist: 'all' })).rejects.toMatchObject({
      code: 'INTAKE_E_USAGE',
    });
    await expect(
      join_([ANA], { list: 'SPRING-A', dupway: 'skip', mode: 'upsert' }),
    ).rejects.toMatchObject({ code: 'INTAKE_E_USAGE', message: expect.stringContaining('dupway') });
    // A list that does not exist refuses each membership, naming it.
    const nowhere = await join_([ANA], { list: 'NOWHERE', commit: 'partial' });
    expect(
      (await intake.imports.rows('default', nowhere.import.id, { outcome: 'rejected', limit: 10 }))
        .rows[0],
    ).toMatchObject({ code: 'INTAKE_E_REFERENCE', message: expect.stringContaining('NOWHERE') });
  });

  it('every dupdiallist and changepackage value, with contacts in this list, in another, in none', async () => {
    // Per workspace, one combination: Ana in this list, Dan in this list (a
    // success), Ben in another list of the campaign, Chloe stored in no list, Frank new.
    const expected: Record<string, Record<string, string>> = {
      ignoreDuplicate: { ana: 'kept', dan: 'kept', frank: 'added' },
      all: { ana: 'added', dan: 'added', frank: 'added' },
      ignoreSuccess: { ana: 'added', dan: 'kept', frank: 'added' },
    };
    const others: Record<string, Record<string, string>> = {
      skip: { ben: 'skipped', chloe: 'skipped' },
      unassignToCurrent: { ben: 'skipped', chloe: 'added' },
      reassignToCurrent: { ben: 'moved', chloe: 'added' },
    };
    const DAN = ['Dan Wu', '+33612340004', '', '2'];
    const people = { ana: ANA, dan: DAN, ben: BEN, chloe: CHLOE, frank: FRANK };
    const kind = (outcome: string, message: string) =>
      outcome === 'created'
        ? 'added'
        : outcome === 'updated'
          ? 'moved'
          : /already in list SPRING-A/.test(message)
            ? 'kept'
            : 'skipped';
    for (const dupdiallist of ['ignoreDuplicate', 'all', 'ignoreSuccess'] as const) {
      for (const changepackage of ['skip', 'unassignToCurrent', 'reassignToCurrent'] as const) {
        const workspace = `w-${dupdiallist}-${changepackage}`.toLowerCase();
        const run = (rows: string[][], options: Partial<ImportOptions>) =>
          intake.imports.run({
            workspace,
            files: [csv(box.dir, `m-${++n}.csv`, [HEADER, ...rows])],
            options,
          });
        await intake.imports.run({
          workspace,
          files: ['campaigns.csv', 'dial-lists.csv'].map((f) => join(EXAMPLES, f)),
        });
        await run([ANA, DAN], { list: 'SPRING-A' });
        await run([BEN], { list: 'SPRING-B' });
        await run([CHLOE], {});
        const dan = (await records(intake, 'campaigns.list_membership', workspace)).find(
          (m) => m.contact === DAN[1],
        )!;
        await intake.imports.run({
          workspace,
          files: [
            csv(box.dir, `won-${++n}.csv`, [
              ['membership_no', 'contact', 'dial_list', 'status'],
              [String(dan.membership_no), DAN[1]!, 'SPRING-A', 'Success Submit'],
            ]),
          ],
          options: { mode: 'update' },
        });
        const r = await run(Object.values(people), {
          list: 'SPRING-A',
          dupdiallist,
          changepackage,
        });
        const got = Object.fromEntries(
          (await intake.imports.rows(workspace, r.import.id, { limit: 100 })).rows
            .filter((x) => x.file.includes('generated-list-membership'))
            .map((x) => [
              Object.keys(people)[x.line - 2]!,
              kind(x.outcome, x.problems[0]?.message ?? ''),
            ]),
        );
        expect(got, `${dupdiallist} ${changepackage}`).toEqual({
          ...expected[dupdiallist],
          ...others[changepackage],
        });
      }
    }
  });

  it('takes the membership options from a template, as the seed keeps them per campaign', async () => {
    await intake.templates.save('default', 'ops', {
      name: 'spring-dialer',
      entity: 'campaign_contact',
      settings: {
        options: { list: 'SPRING-B', phoneField: 'phone2', dupdiallist: 'all' },
        approval: false,
        notify: [],
      },
    });
    const file = csv(box.dir, `t-${++n}.csv`, [
      HEADER,
      ['Ana Lima', '+33612340001', '+33140000001', '5'],
    ]);
    for (let i = 0; i < 2; i++) {
      const id = await submitted(intake, {
        workspace: 'default',
        files: [file],
        template: 'spring-dialer',
        force: true,
      });
      expect((await settled(intake, 'default', id)).status).toBe('completed');
    }
    expect(await memberships()).toEqual([
      '+33612340001 SPRING-B Added',
      '+33612340001 SPRING-B Readded',
    ]);
    expect((await membership('+33612340001', 'SPRING-B')).dial_phone).toBe('+33140000001');
  });
});
