/**
 * Preset dictionaries for deflating the bodies of the two items rewritten most often in a
 * transaction (ADR 0018, addendum). A body of 1–2 KB of JSON gives plain gzip little to work
 * with: the field names and the words every case repeats are new to it each time. Deflated
 * with a skeleton of such a body as its dictionary, they cost a few bits each, and the item
 * falls under 1 KB, half the write units of each transactional write.
 *
 * Written from the shape of the items, with no identifier, personal datum or region's own
 * value in them. Frozen: a stored body names its dictionary by a tag byte and can be read only
 * with the very same text, so a better dictionary is a new one with a new tag, never an edit.
 */
export interface BodyDictionary {
  /** The first byte of a body deflated with it (a gzipped body starts with 0x1f). */
  readonly tag: number;
  readonly text: string;
}

const at = '2000-01-01T00:00:00.000Z';

/** Intake's case (`CASE#<id>` / `CASE`). */
export const intakeCaseDictionary: BodyDictionary = {
  tag: 1,
  text:
    `{"caseId":"","caseNumber":"","partnerId":"","traceId":"","channel":"hotline-12345","kind":"complaint","title":"","description":"",` +
    `"location":{"address":"","gridId":""},"reporterNameMasked":"","reporterPhoneMasked":"138****1111","attachments":[],"files":[],"receivedAt":"${at}",` +
    `"status":"closed","history":[{"at":"${at}","status":"received","note":"受理 via "},{"at":"${at}","status":"classified","note":"分类: "},` +
    `{"at":"${at}","status":"dispatched","note":"派遣至 "},{"at":"${at}","status":"signed","note":"签收: "},{"at":"${at}","status":"resolved","note":"办结: "},` +
    `{"at":"${at}","status":"verified","note":"核验: "},{"at":"${at}","status":"closed","note":"评价: "}],"changedAt":"${at}","version":1,` +
    `"category":{"major":"","minor":"","minorName":""},"noticeSequence":1,"lastNoticeAt":"${at}","department":{"id":"","name":""},"deadline":"${at}",` +
    `"workOrderSequence":1,"rating":"satisfied","closedAt":"${at}"}`,
};

/** Dispatch's decision and work order (`CASE#<id>` / `DISPATCH`). */
export const dispatchRecordDictionary: BodyDictionary = {
  tag: 2,
  text:
    `{"caseId":"","caseNumber":"","partnerId":"","status":"dispatched","category":{"major":"","minor":"","minorName":"","confidence":1,"by":"classifier"},` +
    `"workOrder":{"workOrderId":"WO-","partnerId":"","status":"closed","sequence":1,"departmentId":"","departmentName":"","coHandlerIds":[],` +
    `"signDeadline":"${at}","resolveDeadline":"${at}","signHours":24,"resolveWorkingDays":15,"returnCount":0,"reopenCount":0,"escalated":false,` +
    `"clockStartedAt":"${at}","audit":[{"at":"${at}","by":{"id":"staff-","role":"department"},"action":"sign","from":"dispatched","to":"signed"},` +
    `{"at":"${at}","by":{"id":"staff-","role":"department"},"action":"resolve","from":"signed","to":"resolved","reason":""},` +
    `{"at":"${at}","by":{"id":"","role":"grid-worker"},"action":"verify","from":"resolved","to":"verified"},` +
    `{"at":"${at}","by":{"id":"","role":"partner"},"action":"rate","from":"verified","to":"closed","reason":"satisfied"}],"result":"","rating":"satisfied"},` +
    `"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},` +
    `"request":{"region":"","caseId":"","caseNumber":"","traceId":"","partnerId":"","kind":"complaint","title":"","description":"","location":{"address":"","gridId":""},"receivedAt":"${at}"},` +
    `"receivedAt":"${at}","decidedAt":"${at}","history":[{"at":"${at}","status":"dispatched","by":"classifier","note":""}]}`,
};

/** Every dictionary a stored body may name. */
export const bodyDictionaries: readonly BodyDictionary[] = [intakeCaseDictionary, dispatchRecordDictionary];
