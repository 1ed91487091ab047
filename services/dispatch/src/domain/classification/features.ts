import type { RegionConfig } from '@govflow/contracts';

/** Cuts Chinese text into words (the adapter wraps jieba; tests may pass a plain function). */
export type Segmenter = (text: string) => string[];

/** A bag of features with their weights: words (`w:`) and character bigrams (`c:`). */
export type Features = Map<string, number>;

/**
 * The region's own vocabulary: `terms` say what a request is about (category names and
 * keywords) and are kept whole by the segmenter; `names` say where or who (areas, places,
 * departments, committees) and are kept out of the evidence.
 */
export interface Lexicon {
  terms: ReadonlySet<string>;
  names: ReadonlySet<string>;
}

export function regionLexicon(region: RegionConfig): Lexicon {
  const terms = new Set<string>();
  for (const minor of region.taxonomy.minors) for (const t of [minor.name, ...minor.keywords]) if ([...t].length >= 2) terms.add(t);
  const names = new Set<string>();
  const add = (name: string) => {
    if ([...name].length >= 2 && !terms.has(name)) names.add(name);
  };
  for (const area of region.areas) [area.name, ...area.aliases].forEach(add);
  for (const place of region.places) add(place.name);
  for (const department of region.departments) add(department.name);
  for (const committee of region.mediation.committees) add(committee.name);
  return { terms, names };
}

/** Courtesy, filler and the words of every request: they say nothing about the matter. */
const stopWords = new Set(
  (
    '尊敬 领导 您好 你好 同志 市长 书记 主任 谢谢 感谢 万分感谢 麻烦 拜托 请问 请求 恳请 希望 尽快 一下 反映 反应 投诉 咨询 举报 建议 ' +
    '问题 情况 事情 我们 我家 本人 自己 这个 那个 这边 那边 已经 现在 还是 没有 有关 有关部门 相关 相关部门 部门 给予 解决 处理 ' +
    '帮助 帮忙 协调 非常 特别 严重 多次 一直 好几 怎么样 怎么办 怎么 什么 为什么 不知道 知道 一个 可以 能不能 是不是 因为 所以 但是 ' +
    '如果 就是 这样 他们 你们 明天 今天 昨天 喂 那个 哎 啊 呢 吧 嗯 然后 还有 而且 以及 关于 对于 目前 至今 一下子 领导好 ' +
    '电话 打电话 热线 回复 答复 告知 说法 管管 管理 工作人员 居民 群众 老百姓 问问 想问 随便 一般 还要 觉得 应该 需要 怎样 到底 多少 好多'
  ).split(' '),
);

/** A token of 3+ characters shaped like a place or organisation name. */
const nameShape = /^\p{Script=Han}{2,}(区|街道|社区|小区|花园|华府|家园|广场|镇|乡|村|嘎查|苏木|路|街|大街|大道|公司|有限公司|集团|医院|中学|小学)$/u;

export function normalize(text: string): string {
  return text.toLowerCase().replace(/[0-9０-９]+/g, '#');
}

const isHan = (token: string) => /^\p{Script=Han}+$/u.test(token);

/**
 * Features of one piece of text: each word of 2+ characters, and the character bigrams
 * of each run of meaningful words (so words the segmenter cut apart, or typos of them,
 * still count). Filler words and names break runs and give no feature.
 */
export function textFeatures(text: string, segment: Segmenter, lexicon: Lexicon, weight: number, into: Features = new Map()): Features {
  const add = (f: string, w: number) => into.set(f, (into.get(f) ?? 0) + w);
  let run: string[] = [];
  const flush = () => {
    for (let i = 0; i + 1 < run.length; i++) add(`c:${run[i]}${run[i + 1]}`, weight * charWeight);
    run = [];
  };
  for (const token of segment(normalize(text))) {
    const chars = [...token];
    const gap = !isHan(token) || stopWords.has(token) || lexicon.names.has(token) || (chars.length >= 3 && !lexicon.terms.has(token) && nameShape.test(token));
    if (gap) {
      flush();
      continue;
    }
    if (chars.length >= 2) add(`w:${token}`, weight);
    run.push(...chars);
  }
  flush();
  return into;
}

/** A character bigram weighs less than a word: there are more of them and they overlap. */
const charWeight = 0.5;
/** The title says what the matter is; the body adds context, greetings and history. */
export const titleWeight = 2;

export function requestFeatures(title: string, body: string, segment: Segmenter, lexicon: Lexicon): Features {
  return textFeatures(body, segment, lexicon, 1, textFeatures(title, segment, lexicon, titleWeight));
}
