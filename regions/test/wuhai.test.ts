import { describe, expect, it } from 'vitest';
import { areaChain, findGridAt, loadRegion, parseRegion, polygonContains } from '../src';
import { loadTrainingRegion } from '../src/training';

const region = loadRegion('wuhai');
const count = (level: string) => region.areas.filter((a) => a.level === level).length;

describe('the wuhai sample region', () => {
  it('has the jurisdiction the source documents give: 3 districts, 20 towns/streets, 83 villages/communities', () => {
    expect(count('district')).toBe(3);
    expect(count('town')).toBe(20);
    expect(count('village')).toBe(83);
  });

  it('lists the 12 fixed major categories and 177 minors under them', () => {
    expect(region.taxonomy.majors).toHaveLength(12);
    expect(region.taxonomy.minors).toHaveLength(177);
    for (const major of region.taxonomy.majors) {
      expect(region.taxonomy.minors.some((m) => m.major === major.code)).toBe(true);
    }
  });

  it('keeps its training text apart: at least 40 examples per minor for training, none in the region data functions carry', () => {
    expect(region.taxonomy.minors.every((m) => m.examples.length === 0)).toBe(true);
    const training = loadTrainingRegion('wuhai').taxonomy.minors;
    expect(training.map((m) => m.code)).toEqual(region.taxonomy.minors.map((m) => m.code));
    for (const minor of training) expect(minor.examples.length, minor.code).toBeGreaterThanOrEqual(40);
  });

  it('has grids in every village, each finding itself by its centre, none overlapping', () => {
    const villages = region.areas.filter((a) => a.level === 'village');
    for (const v of villages) expect(region.grids.some((g) => g.villageId === v.id)).toBe(true);
    for (const grid of region.grids) {
      const xs = grid.polygon.map((p) => p[0]);
      const ys = grid.polygon.map((p) => p[1]);
      const centre = { lng: (Math.min(...xs) + Math.max(...xs)) / 2, lat: (Math.min(...ys) + Math.max(...ys)) / 2 };
      expect(findGridAt(region, centre)?.id).toBe(grid.id);
      expect(region.grids.filter((g) => polygonContains(g.polygon, centre.lng, centre.lat))).toHaveLength(1);
    }
  });

  it('walks a grid village up to its town and district', () => {
    const grid = region.grids[0]!;
    const chain = areaChain(region, grid.villageId);
    expect(chain.villageId).toBe(grid.villageId);
    expect(chain.townId).toBeDefined();
    expect(chain.districtId).toBeDefined();
  });

  it('has a department for every kind a minor names, at the level it is handled', () => {
    // Disputes go to mediation committees, not departments: their tiers are checked below.
    for (const minor of region.taxonomy.minors.filter((m) => m.major !== 'dispute')) {
      const level = minor.handlingLevel;
      const units = region.departments.filter((d) => d.kind === minor.leadDepartmentKind && d.level === level);
      const expected = level === 'city' ? 1 : count(level);
      expect(units.length, `${minor.code} at ${level}`).toBe(expected);
    }
  });

  it('has a mediation committee at every village and town', () => {
    const committeeAreas = new Set(region.mediation.committees.map((c) => c.areaId));
    for (const a of region.areas.filter((x) => x.level === 'village' || x.level === 'town')) expect(committeeAreas.has(a.id)).toBe(true);
  });
});

describe('region validation', () => {
  const raw = () => JSON.parse(JSON.stringify(region)) as Record<string, unknown> & typeof region;

  it('rejects a minor whose department kind does not exist', () => {
    const broken = raw();
    broken.taxonomy.minors[0]!.leadDepartmentKind = 'ministry-of-magic';
    expect(() => parseRegion(broken)).toThrow(/no department of kind ministry-of-magic/);
  });

  it('rejects a village hung directly under a district', () => {
    const broken = raw();
    const village = broken.areas.find((a) => a.level === 'village')!;
    village.parentId = 'hbw';
    expect(() => parseRegion(broken)).toThrow(/parent must be a town/);
  });

  it('rejects a taxonomy that drops a fixed major category', () => {
    const broken = raw();
    broken.taxonomy.majors = broken.taxonomy.majors.slice(1);
    expect(() => parseRegion(broken)).toThrow(/12 fixed major categories/);
  });

  it('rejects an unknown region id', () => {
    expect(() => loadRegion('atlantis')).toThrow(/unknown region "atlantis"/);
  });
});
