import { describe, expect, it } from 'vitest';
import { loadTrainingRegion } from '@govflow/regions/training';
import { jiebaSegmenter } from '../../src/adapters/segmenter';
import { regionClassifier } from '../../src/domain/classification/classify';
import { regionLexicon, requestFeatures } from '../../src/domain/classification/features';

const region = loadTrainingRegion('wuhai');
const segment = jiebaSegmenter(region);
const classifier = regionClassifier(region, { segment });
const major = (title: string, body: string) => classifier.classify(title, body, 'complaint')?.minor.major;

describe('features', () => {
  const lexicon = regionLexicon(region);
  const features = [...requestFeatures('路灯坏了', '尊敬的领导您好，我是海勃湾区新华街道明珠花园的居民，小区门口路灯不亮', segment, lexicon).keys()];

  it('uses words and character bigrams, and leaves out greetings', () => {
    expect(features).toEqual(expect.arrayContaining(['w:路灯', 'c:路灯', 'w:小区']));
    expect(features.some((f) => f.includes('尊敬') || f.includes('领导'))).toBe(false);
  });

  it('keeps place names out of the evidence: they say where, not what', () => {
    expect(features.some((f) => /海勃|湾区|新华|明珠|花园/.test(f))).toBe(false);
    expect(classifier.classify('海勃湾区', '乌达区三道坎街道明珠花园', 'complaint')).toBeUndefined();
  });

  it('weighs the title above the body', () => {
    const f = requestFeatures('暖气', '暖气', segment, lexicon);
    expect(f.get('w:暖气')).toBe(3);
    expect(classifier.classify('暖气不热', '家里暖气不热，打电话问物业也没用', 'complaint')?.minor.code).toBe('urban-heating');
  });
});

describe('classifier', () => {
  it('reads a long, informal message that opens with greetings', () => {
    const result = classifier.classify(
      '反映问题',
      '尊敬的领导您好！我是新华街道迎宾社区的居民，我们小区门口那几个路灯坏了一个多月了，晚上黑灯瞎火的，老人孩子出门都害怕，物业说不归他们管，麻烦领导给协调一下，谢谢！',
      'complaint',
    );
    expect(result?.minor.code).toBe('urban-streetlight');
    expect(result!.confidence).toBeGreaterThan(region.settings.classificationThreshold);
  });

  it('follows the boundaries between majors set in the taxonomy', () => {
    expect(major('医保报销', '我妈住院花了两万，医保只报了一半')).toBe('labour');
    expect(major('生育津贴', '生完孩子生育津贴一直领不到')).toBe('labour');
    expect(major('老师待遇', '学校的老师绩效工资半年没发了')).toBe('education');
    expect(major('医院乱收费', '住院清单上有没做过的检查项目')).toBe('health');
    expect(major('手术事故', '做完手术腿瘸了，医院不承认，想调解赔偿')).toBe('dispute');
    expect(major('马路坑洼', '这条马路坑坑洼洼，车开过去颠得厉害')).toBe('transport');
    expect(major('违建', '邻居在楼顶私自加盖了一层')).toBe('urban');
    expect(major('拆迁', '房屋征收补偿太低')).toBe('housing');
  });

  it('keeps disputes among dispute categories', () => {
    expect(classifier.classify('工地拖欠工资', '包工头拖欠我们工资三万元', 'dispute')?.minor.major).toBe('dispute');
    expect(classifier.classify('工地拖欠工资', '包工头拖欠我们工资三万元', 'complaint')?.minor.code).toBe('labour-wage-arrears');
  });

  it('does not route text with no signal, except a dispute goes to the generic dispute category', () => {
    const guess = classifier.classify('随便问问', '明天天气怎么样', 'inquiry');
    expect(guess === undefined || guess.confidence < region.settings.classificationThreshold).toBe(true);
    expect(classifier.classify('嗯', '嗯嗯', 'dispute')?.minor.code).toBe('dispute-other');
  });

  it('scores majors directly or by summing minors, as asked', () => {
    const summing = regionClassifier(region, { segment, scoring: 'sum-of-minors' });
    expect(summing.classify('路灯不亮', '小区路灯坏了', 'complaint')?.minor.code).toBe('urban-streetlight');
  });
});
