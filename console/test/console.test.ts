import { describe, expect, it } from 'vitest';
import { loadRegion } from '@govflow/regions';
import { buildConsole, regionMap } from '../build/index';
import { gridMap, rankingChart, ratesChart, volumeChart } from '../src/charts';
import { addDays, claimsOf, localDate, localTime, rateText, timeLeft, urgencyOf } from '../src/format';
import { html, Safe } from '../src/html';
import { areaAndBelow } from '../src/region';

const region = loadRegion('wuhai');
const now = new Date('2026-11-26T06:00:00Z');

describe('markup', () => {
  it('escapes every value it is given, keeps what is marked safe, joins arrays', () => {
    const title = '<img src=x onerror=alert(1)>"路灯"';
    expect(html`<p title="${title}">${title}</p>`.value).toBe('<p title="&lt;img src=x onerror=alert(1)&gt;&quot;路灯&quot;">&lt;img src=x onerror=alert(1)&gt;&quot;路灯&quot;</p>');
    expect(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(html`${new Safe('<b>')}${undefined}${false}${0}`.value).toBe('<b>0');
  });
});

describe('deadlines and figures', () => {
  it('colours a deadline by the time left and says it in Chinese', () => {
    expect(urgencyOf('2026-11-26T05:00:00Z', now)).toBe('overdue');
    expect(urgencyOf('2026-11-26T20:00:00Z', now)).toBe('due-soon');
    expect(urgencyOf('2026-11-29T06:00:00Z', now)).toBe('ok');
    expect(urgencyOf(undefined, now)).toBeUndefined();
    expect(timeLeft('2026-11-28T09:00:00Z', now)).toBe('剩 2天3小时');
    expect(timeLeft('2026-11-26T01:00:00Z', now)).toBe('超期 5小时0分钟');
    expect(timeLeft('2026-11-26T06:40:00Z', now)).toBe('剩 40分钟');
  });

  it('shows times and dates in the region’s zone, rates with their counts', () => {
    expect(localTime('2026-11-26T17:05:00Z', 'Asia/Shanghai')).toBe('11-27 01:05');
    expect(localDate(new Date('2026-11-26T17:05:00Z'), 'Asia/Shanghai')).toBe('2026-11-27');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(rateText({ value: 0.9261, numerator: 25, denominator: 27 })).toBe('92.6%（25/27）');
    expect(rateText({ value: null, numerator: 0, denominator: 0 })).toBe('—（0/0）');
  });

  it('reads the role from a key without trusting it, and refuses what is not a key', () => {
    const payload = Buffer.from(JSON.stringify({ partnerId: 'staff-x', role: 'department', departmentId: 'x' })).toString('base64url');
    expect(claimsOf(`gfk.${payload}.sig`)).toEqual({ partnerId: 'staff-x', role: 'department', departmentId: 'x' });
    expect(claimsOf('Bearer nonsense')).toBeUndefined();
    expect(claimsOf(`gfk.${Buffer.from('{"role":1}').toString('base64url')}.sig`)).toBeUndefined();
  });

  it('reads a staff token: its subject, its role and scopes (plain or Cognito custom claims), until it expires', () => {
    const jwt = (claims: object) => `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    const exp = Math.floor(now.getTime() / 1000) + 3600;
    expect(claimsOf(jwt({ sub: 'wang', role: 'department', departmentId: 'x', exp }), now)).toEqual({ partnerId: 'wang', role: 'department', departmentId: 'x' });
    expect(claimsOf(jwt({ sub: 'li', 'custom:role': 'mediator', 'custom:mediatorId': 'm1', exp }), now)).toEqual({ partnerId: 'li', role: 'mediator', mediatorId: 'm1' });
    expect(claimsOf(jwt({ sub: 'wang', role: 'dispatcher', exp: exp - 7200 }), now)).toBeUndefined();
    expect(claimsOf(jwt({ sub: 'wang', exp }), now)).toBeUndefined();
  });
});

describe('charts', () => {
  it('draws volume, rates and rankings as titled SVG, with the figures in text too', () => {
    const volume = volumeChart('受理量', [
      { label: '2026-11-25', value: 3 },
      { label: '2026-11-26', value: 6 },
    ]).value;
    expect(volume).toMatch(/^<svg [^>]*role="img"/);
    expect(volume.match(/<rect /g)).toHaveLength(2);
    expect(volume).toContain('<desc>2026-11-25 3；2026-11-26 6</desc>');
    const rates = ratesChart('三率', ['市城管局', '<x>'], [{ name: '满意率', values: [0.5, null] }]).value;
    expect(rates).toContain('50%');
    expect(rates).toContain('&lt;x&gt;');
    expect(rates).not.toContain('<x>');
    expect(rankingChart('排名', [{ name: '甲', score: 90 }]).value).toContain('1. 甲');
  });

  it('draws every grid of the region from its polygon, marks warned grids', () => {
    const grids = region.grids.map((g, i) => ({ ...g, value: i % 3, warnings: i === 0 ? 2 : 0 }));
    const map = gridMap('网格', grids).value;
    expect(map.match(/<polygon /g)).toHaveLength(region.grids.length);
    expect(map.match(/class="warning-marker"/g)).toHaveLength(1);
    expect(map).not.toMatch(/NaN|Infinity/);
  });
});

describe('the built console', () => {
  it('is one zh-CN page, its stylesheet, one script and the region map, without personal data', () => {
    const files = buildConsole(region);
    expect([...files.keys()].sort()).toEqual(['app.js', 'index.html', 'region.json', 'styles.css']);
    expect(files.get('index.html')!.body.toString()).toContain('<html lang="zh-CN">');
    // No inline script: the page runs under script-src 'self'.
    expect(files.get('index.html')!.body.toString()).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(files.get('app.js')!.body.length).toBeLessThan(150_000);
    const map = JSON.parse(files.get('region.json')!.body.toString()) as ReturnType<typeof regionMap>;
    expect(map.grids).toHaveLength(region.grids.length);
    expect(JSON.stringify(map)).not.toContain('workerName');
  });

  it('knows which grids lie in an area', () => {
    const map = regionMap(region);
    const town = map.areas.find((a) => a.level === 'town')!;
    const inTown = areaAndBelow(map, town.id);
    expect(map.grids.filter((g) => inTown.has(g.villageId)).length).toBeGreaterThan(0);
    expect(inTown.has(map.id)).toBe(false);
  });
});
