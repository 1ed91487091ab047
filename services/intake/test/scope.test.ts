import { describe, expect, it } from 'vitest';
import { loadRegion } from '@govflow/regions';
import { outsideScope } from '../src/domain/scope';

const region = loadRegion('wuhai');
const city = region.partners.find((p) => p.id === 'hotline-12345')!;
const district = region.partners.find((p) => p.areaId === 'hbw')!;
const at = (location: object, description = '路灯不亮') => ({ location, description }) as Parameters<typeof outsideScope>[2];

describe('a partner’s area (属地)', () => {
  it('lets a city-wide partner submit anything, even what cannot be placed', () => {
    expect(outsideScope(region, city, at({ gridId: 'wd-sandaokan-1-g1' }))).toBeUndefined();
    expect(outsideScope(region, city, at({ address: '不知道哪里' }))).toBeUndefined();
  });

  it('lets a district’s partner submit what is located in its district, by grid, address or the words of the text', () => {
    expect(outsideScope(region, district, at({ gridId: 'hbw-xinhua-2-g1' }))).toBeUndefined();
    expect(outsideScope(region, district, at({ address: '海勃湾区新华街道' }))).toBeUndefined();
    expect(outsideScope(region, district, at({ address: '小区门口' }, '新华街道迎宾社区路灯不亮'))).toBeUndefined();
  });

  it('refuses what is located in another district, or cannot be placed in its own', () => {
    expect(outsideScope(region, district, at({ gridId: 'wd-sandaokan-1-g1' }))).toMatch(/海勃湾区 only; this request is located elsewhere \(wd-sandaokan-1\)/);
    expect(outsideScope(region, district, at({ address: '乌达区三道坎街道' }))).toMatch(/elsewhere/);
    expect(outsideScope(region, district, at({ address: '小区门口' }))).toMatch(/cannot be placed/);
  });
});
