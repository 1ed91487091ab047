import { describe, expect, it } from 'vitest';
import { containsPersonalData, isBankCardNumber, isResidentIdNumber, maskIdNumber, maskName, maskPersonalData } from '../src/pii';

// Valid by construction: the ID's check character holds, the card passes Luhn.
const idNumber = '150302198506121239';
const idNumberEndingX = '11010519491231002X';
const card = '6222021234567890128';

describe('finding personal numbers in free text', () => {
  it('masks mobile numbers inside Chinese sentences, with or without country code and separators', () => {
    expect(maskPersonalData('请联系我13912345678谢谢')).toBe('请联系我139****5678谢谢');
    expect(maskPersonalData('电话：+86 139-1234-5678。')).toBe('电话：139****5678。');
    expect(maskPersonalData('手机 139 1234 5678，晚上打')).toBe('手机 139****5678，晚上打');
  });

  it('masks landlines with their area code', () => {
    expect(maskPersonalData('座机0473-2123456找王师傅')).toBe('座机0473-*****56找王师傅');
    expect(maskPersonalData('打010 62345678')).toBe('打010-*****78');
  });

  it('masks resident ID numbers whose check character holds, including X', () => {
    expect(maskPersonalData(`身份证号${idNumber}，请核实`)).toBe('身份证号150302********1239，请核实');
    expect(maskPersonalData(`证件${idNumberEndingX.toLowerCase()}号`)).toBe('证件110105********002x号');
    expect(isResidentIdNumber(idNumber)).toBe(true);
    expect(isResidentIdNumber('150302198506121238')).toBe(false);
    expect(isResidentIdNumber('150302198513121239')).toBe(false);
  });

  it('masks Luhn-valid bank card numbers of 13 to 19 digits, spaced or not', () => {
    expect(maskPersonalData(`退款打到卡号${card}里`)).toBe('退款打到卡号****0128里');
    expect(maskPersonalData('卡号6222 0212 3456 7890 128。')).toBe('卡号****0128。');
    expect(maskPersonalData('visa 4111-1111-1111-1111')).toBe('visa ****1111');
    expect(isBankCardNumber('6222021234567890127')).toBe(false);
    expect(isBankCardNumber('411111111111')).toBe(false);
  });

  it('leaves case numbers, dates, amounts and other figures alone', () => {
    const untouched = [
      '案号WH-20261124-000042，已于20261124受理',
      '日期2026-11-24 09:30，面积120平方米',
      '赔偿金额15000000000元，首付13912345678元',
      '合同号HT20261124000042，订单12345678901234567',
      '第3次投诉，楼号13栋1单元502室，邮编016000',
      '工单WO-139123456789-01',
      `身份证号150302198506121238（填错了）`,
      '卡号6222021234567890127（不是有效卡号）',
    ];
    for (const text of untouched) expect(maskPersonalData(text), text).toBe(text);
  });

  it('masks several numbers in one text and says whether any were found', () => {
    const text = `我姓李，电话13912345678，身份证${idNumber}，卡${card}`;
    expect(maskPersonalData(text)).toBe('我姓李，电话139****5678，身份证150302********1239，卡****0128');
    expect(containsPersonalData(text)).toBe(true);
    expect(containsPersonalData('楼道灯不亮')).toBe(false);
  });

  it('masks an ID number held in its own field even when its check character is wrong', () => {
    expect(maskIdNumber('150302198001011234')).toBe('150302********1234');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('masks names to the surname', () => {
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });
});
