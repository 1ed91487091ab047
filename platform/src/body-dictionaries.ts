/**
 * Preset dictionaries for deflating the bodies of the items rewritten most often, and the
 * events a write stores for its relay (ADR 0018, addenda). A body of 1–2 KB of JSON gives
 * plain gzip little to work with: the field names and the words every case repeats are new to
 * it each time. Deflated with a skeleton of such a body as its dictionary, they cost a few bits
 * each, and the item falls under the next kilobyte, a write unit less on each write.
 *
 * Written from the shape of the items (the later ones drafted from the benchmark's items with
 * every value blanked but the product's own words: statuses, roles, actions, enum values), with
 * no identifier, personal datum or region's own value in them. Frozen: a stored body names its
 * dictionary by a tag byte and can be read only with the very same text, so a better dictionary
 * is a new one with a new tag, never an edit.
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

/** Mediation's dispute (`DISPUTE#<id>` / `DISPUTE`). */
export const disputeDictionary: BodyDictionary = {
  tag: 3,
  text:
    `{"disputeId":"","code":"","caseId":"","caseNumber":"","partnerId":"","traceId":"","source":"case","type":"land-contract","minor":"",` +
    `"title":{"masked":""},"narrative":{"masked":""},"riskFlags":["petition"],"consentToMediate":true,"parties":[{"partyId":"P1","role":"applicant",` +
    `"kind":"person","name":{"masked":"","sealed":"v2."},"phone":{"masked":"138****1111","sealed":"v2."},"channel":"counter","identities":["",""],` +
    `"confirmedAt":"${at}","confirmedVia":"counter"},{"partyId":"P2","role":"respondent","kind":"person","name":{"masked":"","sealed":"v2."},` +
    `"channel":"counter","identities":[""],"confirmedAt":"${at}","confirmedVia":"counter"}],"jurisdiction":{"gridId":"","villageId":"","townId":"",` +
    `"districtId":"","resolvedBy":"grid-id"},"tier":"district","centreId":"","centreName":"","team":[{"id":"","name":"","profession":"lawyer"},{"id":"",` +
    `"name":"","profession":"prosecutor"}],"status":"closed","sequence":13,"openedAt":"${at}","receivedAt":"${at}","updatedAt":"${at}",` +
    `"sessions":[{"sessionId":"","at":"${at}","place":"","held":true,"attendance":[],"evidence":[],"outcome":"agreement"}],"followUps":[{"dueAt":"${at}",` +
    `"doneAt":"${at}","performance":"performed"},{"dueAt":"${at}"}],"documents":["acceptance-notice","agreement"],"matterKey":"","centresSeen":["",""],` +
    `"mediatorsSeen":["","",""],"history":[{"at":"${at}","action":"opened","by":{"id":"","role":"system"},"to":"queued","note":""},{"at":"${at}",` +
    `"action":"risk-alerted","by":{"id":"","role":"system"},"from":"queued","to":"queued","note":"petition"},{"at":"${at}","action":"queued","by":{"id":"",` +
    `"role":"system"},"from":"queued","to":"queued","note":""},{"at":"${at}","action":"escalated","by":{"id":"","role":"supervisor"},"from":"queued",` +
    `"to":"queued","note":""},{"at":"${at}","action":"assigned","by":{"id":"","role":"supervisor"},"from":"queued","to":"assigned","note":""},` +
    `{"at":"${at}","action":"accepted","by":{"id":"","role":"mediator"},"from":"assigned","to":"accepted"},{"at":"${at}","action":"session-held",` +
    `"by":{"id":"","role":"mediator"},"from":"accepted","to":"accepted"},{"at":"${at}","action":"agreed","by":{"id":"","role":"mediator"},` +
    `"from":"accepted","to":"agreed"},{"at":"${at}","action":"party-confirmed","by":{"id":"","role":"mediator"},"from":"agreed","to":"agreed","note":""},` +
    `{"at":"${at}","action":"party-confirmed","by":{"id":"","role":"mediator"},"from":"agreed","to":"agreed","note":""},{"at":"${at}",` +
    `"action":"judicial-recorded","by":{"id":"","role":"mediator"},"from":"agreed","to":"agreed","note":"not-applied"},{"at":"${at}",` +
    `"action":"followed-up","by":{"id":"","role":"mediator"},"from":"agreed","to":"agreed"},{"at":"${at}","action":"closed","by":{"id":"",` +
    `"role":"mediator"},"from":"agreed","to":"closed"}],"mediator":{"id":"","name":""},"agreement":{"terms":{"masked":""},"partial":false,` +
    `"reachedAt":"${at}","effectiveAt":"${at}","judicialWindowClosesAt":"${at}","judicial":"not-applied"}}`,
};

/** Reporting's case record (`CASE#<id>` / `RECORD`): the record, what its counters hold, the change on it. */
export const reportingRecordDictionary: BodyDictionary = {
  tag: 4,
  text:
    `{"record":{"caseId":"","milestones":{"classified":"${at}"},"workSteps":[{"sequence":1,"type":"workorder.signed","at":"${at}","from":"dispatched",` +
    `"to":"signed","departmentId":"","signDeadline":"${at}","resolveDeadline":"${at}"},{"sequence":2,"type":"workorder.resolved","at":"${at}",` +
    `"from":"signed","to":"resolved","departmentId":"","signDeadline":"${at}","resolveDeadline":"${at}"},{"sequence":3,"type":"workorder.verified",` +
    `"at":"${at}","from":"resolved","to":"verified","departmentId":"","signDeadline":"${at}","resolveDeadline":"${at}"},{"sequence":4,` +
    `"type":"workorder.rated","at":"${at}","from":"verified","to":"signed","departmentId":"","signDeadline":"${at}","resolveDeadline":"${at}",` +
    `"rating":"unsatisfied"},{"sequence":5,"type":"workorder.resolved","at":"${at}","from":"signed","to":"resolved","departmentId":"",` +
    `"signDeadline":"${at}","resolveDeadline":"${at}","rating":"unsatisfied"},{"sequence":6,"type":"workorder.verified","at":"${at}","from":"resolved",` +
    `"to":"verified","departmentId":"","signDeadline":"${at}","resolveDeadline":"${at}","rating":"unsatisfied"},{"sequence":7,"type":"workorder.rated",` +
    `"at":"${at}","from":"verified","to":"closed","departmentId":"","signDeadline":"${at}","resolveDeadline":"${at}","rating":"satisfied"}],` +
    `"supervisions":[],"disputeSteps":[],"partnerId":"","receivedAt":"${at}","channel":"web","kind":{"value":"inquiry","at":"${at}"},` +
    `"category":{"value":{"major":"housing","minor":""},"at":"${at}"},"place":{"value":{"districtId":"","townId":"","villageId":"","gridId":""},` +
    `"at":"${at}"},"dispatch":{"at":"${at}","departmentId":"","signDeadline":"${at}","resolveDeadline":"${at}"}},"applied":{"dims":{"place":"",` +
    `"category":"","handling":"","topic":""},"signals":{"hotspot":["",""],"cluster":""},"entries":[{"metric":"received","bucket":"2000-01-01","value":1},` +
    `{"metric":"received","bucket":"${at}","value":1,"signal":"hotspot"},{"metric":"received","bucket":"2000-01-01","value":1,"signal":"cluster"},` +
    `{"metric":"dispatched","bucket":"2000-01-01","value":1},{"metric":"signed","bucket":"2000-01-01","value":1},{"metric":"","bucket":"2000-01-01",` +
    `"value":1},{"metric":"due","bucket":"2000-01-01","value":1},{"metric":"","bucket":"2000-01-01","value":1},{"metric":"closed","bucket":"2000-01-01",` +
    `"value":1},{"metric":"","bucket":"2000-01-01","value":1},{"metric":"","bucket":"2000-01-01","value":1},{"metric":"reopened","bucket":"2000-01-01",` +
    `"value":1},{"metric":"","bucket":"2000-01-01","value":1},{"metric":"rated","bucket":"2000-01-01","value":1},{"metric":"rated","bucket":"2000-01-01",` +
    `"value":1},{"metric":"satisfied","bucket":"2000-01-01","value":1}]},"delta":{"place#2000-01-01#":{"closed":1,"resolvedVerified":1,"followedUp":1,` +
    `"reopened":1,"resolvedIn0":1,"rated":1,"satisfied":1,"open":-1},"category#2000-01-01#":{"closed":1,"resolvedVerified":1,"followedUp":1,"reopened":1,` +
    `"resolvedIn0":1,"rated":1,"satisfied":1,"open":-1},"handling#2000-01-01#":{"closed":1,"resolvedVerified":1,"followedUp":1,"reopened":1,` +
    `"resolvedIn0":1,"rated":1,"satisfied":1,"open":-1},"topic#2000-01-01#":{"rated":1,"satisfied":1}},"deltaVersion":8}`,
};

/** The events a write stores for its table's relay (ADR 0023): an array of envelopes, one of each payload's shape. */
export const eventsDictionary: BodyDictionary = {
  tag: 5,
  text:
    `[{"eventId":"","type":"case.notice-issued","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"partnerId":"",` +
    `"caseNumber":"","externalId":"","sequence":2,"previousAt":"${at}","notice":"dispatched","status":"dispatched","message":""}},{"eventId":"",` +
    `"type":"case.received","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"caseNumber":"","partnerId":"",` +
    `"channel":"hotline-12345","kind":"complaint","title":"","description":"","location":{"gridId":""},"receivedAt":"${at}","attachmentCount":0,` +
    `"partnerListens":false}},{"eventId":"","type":"case.classified","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"",` +
    `"payload":{"partnerId":"","kind":"complaint","major":"environment","minor":"","minorName":"","confidence":1,"route":"workorder",` +
    `"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"receivedAt":"${at}"}},{"eventId":"",` +
    `"type":"workorder.dispatched","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"workOrderId":"","partnerId":"",` +
    `"major":"urban","minor":"","departmentId":"","departmentName":"","coHandlerIds":[""],"jurisdiction":{"gridId":"","villageId":"","townId":"",` +
    `"districtId":"","resolvedBy":"grid-id"},"signDeadline":"${at}","resolveDeadline":"${at}","receivedAt":"${at}"}},{"eventId":"",` +
    `"type":"mediation.requested","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"caseNumber":"","partnerId":"",` +
    `"minor":"","minorName":"","title":"","description":"","jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},` +
    `"receivedAt":"${at}"}},{"eventId":"","type":"case.linked-as-repeat","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"",` +
    `"payload":{"partnerId":"","originalCaseId":"","originalCaseNumber":"","repeatCount":1,"major":"urban","minor":"","jurisdiction":{"gridId":"",` +
    `"villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"receivedAt":"${at}"}},{"eventId":"","type":"workorder.signed","version":1,` +
    `"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"workOrderId":"","partnerId":"","sequence":1,"from":"dispatched","to":"signed",` +
    `"by":{"id":"","role":"department"},"departmentId":"","departmentName":"","signDeadline":"${at}","resolveDeadline":"${at}","escalated":false,` +
    `"receivedAt":"${at}"}},{"eventId":"","type":"mediation.opened","version":2,"occurredAt":"${at}","region":"","caseId":"","traceId":"",` +
    `"payload":{"disputeId":"","code":"","partnerId":"","caseNumber":"","sequence":1,"to":"queued","by":{"id":"","role":"system"},"tier":"town",` +
    `"centreId":"","centreName":"","disputeType":"land-contract","source":"case","riskFlags":["petition"],"partyCount":0,"jurisdiction":{"gridId":"",` +
    `"villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"reason":"","openedAt":"${at}","receivedAt":"${at}"}},{"eventId":"",` +
    `"type":"mediation.assigned","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"disputeId":"","code":"","partnerId":"",` +
    `"caseNumber":"","sequence":2,"from":"queued","to":"assigned","by":{"id":"","role":"system"},"tier":"village","centreId":"","centreName":"",` +
    `"mediatorId":"","mediatorName":"","disputeType":"neighbour","source":"case","riskFlags":[],"partyCount":0,"jurisdiction":{"gridId":"","villageId":"",` +
    `"townId":"","districtId":"","resolvedBy":"grid-id"},"openedAt":"${at}","receivedAt":"${at}"}},{"eventId":"","type":"workorder.resolved","version":1,` +
    `"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"workOrderId":"","partnerId":"","sequence":5,"from":"signed","to":"resolved",` +
    `"by":{"id":"","role":"department"},"departmentId":"","departmentName":"","reason":"","signDeadline":"${at}","resolveDeadline":"${at}",` +
    `"rating":"unsatisfied","escalated":false,"receivedAt":"${at}"}},{"eventId":"","type":"workorder.verified","version":1,"occurredAt":"${at}",` +
    `"region":"","caseId":"","traceId":"","payload":{"workOrderId":"","partnerId":"","sequence":6,"from":"resolved","to":"verified","by":{"id":"",` +
    `"role":"grid-worker"},"departmentId":"","departmentName":"","signDeadline":"${at}","resolveDeadline":"${at}","rating":"unsatisfied","escalated":false,` +
    `"receivedAt":"${at}"}},{"eventId":"","type":"mediation.session-held","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"",` +
    `"payload":{"disputeId":"","code":"","partnerId":"","caseNumber":"","sequence":4,"from":"accepted","to":"accepted","by":{"id":"","role":"mediator"},` +
    `"tier":"village","centreId":"","centreName":"","mediatorId":"","mediatorName":"","disputeType":"neighbour","source":"case","riskFlags":[],` +
    `"partyCount":2,"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"outcome":"agreement",` +
    `"openedAt":"${at}","receivedAt":"${at}"}},{"eventId":"","type":"mediation.party-confirmed","version":1,"occurredAt":"${at}","region":"","caseId":"",` +
    `"traceId":"","payload":{"disputeId":"","code":"","partnerId":"","caseNumber":"","sequence":7,"from":"agreed","to":"agreed","by":{"id":"",` +
    `"role":"mediator"},"tier":"village","centreId":"","centreName":"","mediatorId":"","mediatorName":"","disputeType":"neighbour","source":"case",` +
    `"riskFlags":[],"partyCount":2,"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"reason":"",` +
    `"judicial":{"windowClosesAt":"${at}"},"openedAt":"${at}","receivedAt":"${at}"}},{"eventId":"","type":"mediation.followed-up","version":1,` +
    `"occurredAt":"${at}","region":"","caseId":"","traceId":"","payload":{"disputeId":"","code":"","partnerId":"","caseNumber":"","sequence":9,` +
    `"from":"agreed","to":"agreed","by":{"id":"","role":"mediator"},"tier":"village","centreId":"","centreName":"","mediatorId":"","mediatorName":"",` +
    `"disputeType":"neighbour","source":"case","riskFlags":[],"partyCount":2,"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"",` +
    `"resolvedBy":"grid-id"},"judicial":{"outcome":"not-applied","windowClosesAt":"${at}"},"performance":"performed","openedAt":"${at}",` +
    `"receivedAt":"${at}"}},{"eventId":"","type":"mediation.closed","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"",` +
    `"payload":{"disputeId":"","code":"","partnerId":"","caseNumber":"","sequence":10,"from":"agreed","to":"closed","by":{"id":"","role":"mediator"},` +
    `"tier":"village","centreId":"","centreName":"","mediatorId":"","mediatorName":"","disputeType":"neighbour","source":"case","riskFlags":[],` +
    `"partyCount":2,"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"judicial":{"outcome":"not-applied",` +
    `"windowClosesAt":"${at}"},"openedAt":"${at}","receivedAt":"${at}"}},{"eventId":"","type":"mediation.risk-alerted","version":1,"occurredAt":"${at}",` +
    `"region":"","caseId":"","traceId":"","payload":{"disputeId":"","code":"","partnerId":"","caseNumber":"","sequence":2,"from":"queued","to":"queued",` +
    `"by":{"id":"","role":"system"},"tier":"town","centreId":"","centreName":"","disputeType":"land-contract","source":"case","riskFlags":["petition"],` +
    `"partyCount":0,"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"reason":"petition","openedAt":"${at}",` +
    `"receivedAt":"${at}"}},{"eventId":"","type":"warning.raised","version":1,"occurredAt":"${at}","region":"","caseId":"","traceId":"",` +
    `"payload":{"warningId":"","kind":"dispute-risk","raisedAt":"${at}","subject":{"areaId":"","gridId":"","caseId":"","disputeId":""},"why":{"observed":1,` +
    `"expected":0,"threshold":1,"window":"dispute","note":"petition"}}},{"eventId":"","type":"case.held-for-triage","version":1,"occurredAt":"${at}",` +
    `"region":"","caseId":"","traceId":"","payload":{"partnerId":"","reason":"unclassified","jurisdiction":{"gridId":"","villageId":"","townId":"",` +
    `"districtId":"","resolvedBy":"grid-id"},"receivedAt":"${at}"}},{"eventId":"","type":"mediation.escalated","version":1,"occurredAt":"${at}",` +
    `"region":"","caseId":"","traceId":"","payload":{"disputeId":"","code":"","partnerId":"","caseNumber":"","sequence":4,"from":"queued","to":"queued",` +
    `"by":{"id":"","role":"supervisor"},"tier":"town","centreId":"","centreName":"","disputeType":"land-contract","source":"case","riskFlags":["petition"],` +
    `"partyCount":0,"jurisdiction":{"gridId":"","villageId":"","townId":"","districtId":"","resolvedBy":"grid-id"},"reason":"",` +
    `"escalation":{"fromTier":"town","toTier":"district","cause":"requested"},"openedAt":"${at}","receivedAt":"${at}"}}]`,
};

/** Every dictionary a stored body may name. */
export const bodyDictionaries: readonly BodyDictionary[] = [intakeCaseDictionary, dispatchRecordDictionary, disputeDictionary, reportingRecordDictionary, eventsDictionary];
