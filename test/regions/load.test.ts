// Region packs: every folder under regions/ with region.json + directory.json is a region,
// validated at load. Temporary folders prove that adding a folder adds a region and that a
// broken pack is refused with a message naming the file and the field.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRegionPack, loadRegionPacks, RegionPackError } from '../../regions/load.js';

const SANDA_DIR = fileURLToPath(new URL('../../regions/sanda/', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: the tests break region files on purpose, at any depth
type Json = Record<string, any>;

async function sandaFiles(): Promise<{ region: Json; directory: Json }> {
  return {
    region: JSON.parse(await readFile(join(SANDA_DIR, 'region.json'), 'utf8')),
    directory: JSON.parse(await readFile(join(SANDA_DIR, 'directory.json'), 'utf8')),
  };
}

const minimalDirectory = (prefix: string): Json => ({
  hospitals: [
    {
      id: `${prefix}-central`,
      name: '中央病院',
      windows: [{ id: `${prefix}-central-renkei`, name: '地域連携室', fax: '0120-000-001', purposes: ['general'] }],
    },
  ],
});

async function writePack(root: string, folder: string, region: Json, directory: Json): Promise<string> {
  const dir = join(root, folder);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'region.json'), JSON.stringify(region, null, 2));
  await writeFile(join(dir, 'directory.json'), JSON.stringify(directory, null, 2));
  return dir;
}

/** The rejection of a promise, which must be a RegionPackError. */
async function packError(p: Promise<unknown>): Promise<RegionPackError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'the pack should have been refused').toBeInstanceOf(RegionPackError);
  return e as RegionPackError;
}

describe('the shipped region packs', () => {
  it('load, and sanda is among them with its rule', async () => {
    const packs = await loadRegionPacks();
    const sanda = packs.find((p) => p.id === 'sanda');
    expect(sanda).toBeDefined();
    expect(sanda!.name).toBe('三田市');
    expect(sanda!.rule).toEqual({
      informationSheet: { withinDays: 3, reminderTime: '09:00' },
      careManagerIdentificationBusinessDays: 1,
      careManagerAssignmentBusinessDays: 5,
      careManagerContactBusinessDays: 3,
      dischargeStartLeadDays: 3,
      carePlanCopyDays: 14,
      escalationBusinessDays: 2,
      careManagerContactCountsAsHandoff: false,
      careManagerReportJoinDays: 7,
      reportedAdmissionConfirmBusinessDays: 1,
      repeatAdmission: { withinDays: 30 },
      plannedAdmission: { tellCareManager: true },
      hospitalHours: { open: '08:30', close: '17:15', closedDays: ['sat', 'sun', 'holiday', 'year_end'] },
      taskLinkTtlDays: 14,
      faxConfirmation: { remindAfterHours: 4, stuckAfterHours: 24 },
    });
    expect(sanda!.municipalities).toEqual(['三田市']);
  });

  it('sanda lists 8 hospitals', async () => {
    const sanda = (await loadRegionPacks()).find((p) => p.id === 'sanda')!;
    expect(sanda.hospitals).toHaveLength(8);
    expect(new Set(sanda.hospitals.map((h) => h.id)).size).toBe(8);
  });

  it('三田市民病院 (sanda-shimin) has the admission-support and the discharge-support windows', async () => {
    const sanda = (await loadRegionPacks()).find((p) => p.id === 'sanda')!;
    const shimin = sanda.hospitals.find((h) => h.id === 'sanda-shimin');
    expect(shimin?.name).toBe('三田市民病院');
    expect(shimin!.windows).toHaveLength(2);
    const admission = shimin!.windows.find((w) => w.name.includes('入院支援連携室'));
    const discharge = shimin!.windows.find((w) => w.name.includes('退院支援連携室'));
    expect(admission).toMatchObject({ fax: '079-565-8015' });
    expect([...admission!.purposes].sort()).toEqual(['outpatient', 'planned_admission']);
    expect(discharge).toMatchObject({ fax: '079-565-8018', purposes: ['inpatient'] });
  });
});

describe('loading region folders', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'renkei-regions-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('adding a folder adds a region', async () => {
    await cp(SANDA_DIR, join(root, 'sanda'), { recursive: true });
    expect((await loadRegionPacks(root)).map((p) => p.id)).toEqual(['sanda']);

    const { region } = await sandaFiles();
    await writePack(root, 'kobe-kita', { ...region, id: 'kobe-kita', name: '神戸市北区' }, minimalDirectory('kita'));
    const packs = await loadRegionPacks(root);
    expect(packs.map((p) => p.id)).toEqual(['kobe-kita', 'sanda']);
    const kita = packs.find((p) => p.id === 'kobe-kita')!;
    expect(kita.name).toBe('神戸市北区');
    expect(kita.hospitals.map((h) => h.id)).toEqual(['kita-central']);
  });

  it('folders without region.json and plain files are not regions', async () => {
    await cp(SANDA_DIR, join(root, 'sanda'), { recursive: true });
    await mkdir(join(root, 'drafts'));
    await writeFile(join(root, 'drafts', 'notes.md'), '# not a region');
    await writeFile(join(root, 'README.md'), '# regions');
    expect((await loadRegionPacks(root)).map((p) => p.id)).toEqual(['sanda']);
  });

  it('withinDays 0 is refused, naming region.json and rule.informationSheet.withinDays', async () => {
    const { region, directory } = await sandaFiles();
    region.rule.informationSheet.withinDays = 0;
    const dir = await writePack(root, 'sanda', region, directory);
    const e = await packError(loadRegionPacks(root));
    expect(e.message).toContain(join(dir, 'region.json'));
    expect(e.message).toContain('rule.informationSheet.withinDays');
    // The same check applies when one pack is loaded on its own.
    expect((await packError(loadRegionPack(dir))).message).toContain('rule.informationSheet.withinDays');
  });

  it('a bad FAX number is refused, naming directory.json and the window field', async () => {
    const { region, directory } = await sandaFiles();
    const shimin = directory.hospitals.findIndex((h: Json) => h.id === 'sanda-shimin');
    directory.hospitals[shimin].windows[1].fax = '079-565-8O18'; // letter O, not zero
    const dir = await writePack(root, 'sanda', region, directory);
    const e = await packError(loadRegionPacks(root));
    expect(e.message).toContain(join(dir, 'directory.json'));
    expect(e.message).toContain(`hospitals.${shimin}.windows.1.fax`);
    expect(e.message).not.toContain('region.json');
  });

  it('a bad reminder time is refused, naming the field', async () => {
    const { region, directory } = await sandaFiles();
    region.rule.informationSheet.reminderTime = '24:00';
    await writePack(root, 'sanda', region, directory);
    expect((await packError(loadRegionPacks(root))).message).toContain('rule.informationSheet.reminderTime');
  });

  it('a hospital calendar that closes before it opens is refused, naming rule.hospitalHours.close', async () => {
    const { region, directory } = await sandaFiles();
    region.rule.hospitalHours = { open: '17:15', close: '08:30', closedDays: ['sun'] };
    await writePack(root, 'sanda', region, directory);
    expect((await packError(loadRegionPacks(root))).message).toContain('rule.hospitalHours.close');
  });

  it('a rule without the discharge-start lead days is refused, naming the field', async () => {
    const { region, directory } = await sandaFiles();
    delete region.rule.dischargeStartLeadDays;
    await writePack(root, 'sanda', region, directory);
    expect((await packError(loadRegionPacks(root))).message).toContain('rule.dischargeStartLeadDays');
  });

  it('a window with no purpose is refused, naming the field', async () => {
    const { region } = await sandaFiles();
    const directory = minimalDirectory('x');
    directory.hospitals[0].windows[0].purposes = [];
    await writePack(root, 'x', { ...region, id: 'x' }, directory);
    expect((await packError(loadRegionPacks(root))).message).toContain('hospitals.0.windows.0.purposes');
  });

  it('unreadable JSON is refused, naming the file', async () => {
    const { directory } = await sandaFiles();
    const dir = await writePack(root, 'sanda', {}, directory);
    await writeFile(join(dir, 'region.json'), '{ "id": "sanda", ');
    const e = await packError(loadRegionPacks(root));
    expect(e.message).toContain(join(dir, 'region.json'));
  });

  it('a missing directory.json is refused, naming the file', async () => {
    const { region } = await sandaFiles();
    await mkdir(join(root, 'sanda'));
    await writeFile(join(root, 'sanda', 'region.json'), JSON.stringify(region));
    const e = await packError(loadRegionPacks(root));
    expect(e.message).toContain(join(root, 'sanda', 'directory.json'));
  });

  it('a folder whose region id differs from the folder name is refused', async () => {
    const { region, directory } = await sandaFiles();
    await writePack(root, 'sanda-copy', region, directory); // region.json still says "sanda"
    const e = await packError(loadRegionPacks(root));
    expect(e.message).toContain('sanda-copy');
    expect(e.message).toContain('"sanda"');
    expect(e.message).toContain('folder name');
  });

  it('a duplicated window id is refused', async () => {
    const { region, directory } = await sandaFiles();
    const shimin = directory.hospitals.find((h: Json) => h.id === 'sanda-shimin');
    const duplicated = shimin.windows[0].id as string;
    shimin.windows[1].id = duplicated;
    await writePack(root, 'sanda', region, directory);
    const e = await packError(loadRegionPacks(root));
    expect(e.message).toContain(`"${duplicated}"`);
    expect(e.message).toContain('used twice');
  });

  it('a window id equal to another hospital id is refused', async () => {
    const { region } = await sandaFiles();
    const directory = minimalDirectory('y');
    directory.hospitals.push({
      id: 'y-east',
      name: '東病院',
      windows: [{ id: 'y-central', name: '連携室', purposes: ['general'] }],
    });
    await writePack(root, 'y', { ...region, id: 'y' }, directory);
    expect((await packError(loadRegionPacks(root))).message).toContain('"y-central" is used twice');
  });
});
