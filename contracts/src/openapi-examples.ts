import type { CaseView, SubmitAccepted, SubmitRequestBody, WorkOrderView } from './api';

/**
 * Examples for the OpenAPI document, copied from a run against `npm start` (the sequence
 * in docs/integrate.md). They are checked against their schemas whenever the document is built.
 */
export const examples: { submit: SubmitRequestBody; accepted: SubmitAccepted; caseView: CaseView; workOrder: WorkOrderView } = {
  submit: {
    channel: 'hotline-12345',
    kind: 'complaint',
    title: '路灯不亮',
    description: '小区门口路灯坏了一个月',
    location: { address: '海勃湾区新华街道' },
    reporter: { phone: '13912345678' },
    attachments: [],
    externalId: 'crm-4711',
  },
  accepted: {
    caseId: '6f1c2f7e-5d1a-4c3e-9a57-0c2b8e4d9f10',
    caseNumber: 'WH-20261127-000001',
    status: 'received',
    receivedAt: '2026-11-27T01:02:03.456Z',
  },
  caseView: {
    caseId: '6f1c2f7e-5d1a-4c3e-9a57-0c2b8e4d9f10',
    caseNumber: 'WH-20261127-000001',
    status: 'dispatched',
    channel: 'hotline-12345',
    kind: 'complaint',
    title: '路灯不亮',
    description: '小区门口路灯坏了一个月',
    location: { address: '海勃湾区新华街道' },
    reporter: { phone: '139****5678' },
    attachments: [],
    externalId: 'crm-4711',
    receivedAt: '2026-11-27T01:02:03.456Z',
    category: { major: 'urban', minor: 'urban-street-lighting', minorName: '路灯照明' },
    department: { id: 'hbw-city-management-bureau', name: '海勃湾区城市管理综合执法局' },
    deadline: '2026-12-04T09:30:00.000Z',
    history: [
      { at: '2026-11-27T01:02:03.456Z', status: 'received', note: '受理 via hotline-12345' },
      { at: '2026-11-27T01:02:04.001Z', status: 'classified', note: '分类: 路灯照明' },
      { at: '2026-11-27T01:02:04.001Z', status: 'dispatched', note: '派遣至 海勃湾区城市管理综合执法局' },
    ],
    changedAt: '2026-11-27T01:02:04.120Z',
  },
  workOrder: {
    caseId: '6f1c2f7e-5d1a-4c3e-9a57-0c2b8e4d9f10',
    caseNumber: 'WH-20261127-000001',
    workOrderId: 'WO-WH-20261127-000001',
    status: 'signed',
    departmentId: 'hbw-city-management-bureau',
    departmentName: '海勃湾区城市管理综合执法局',
    coHandlerIds: [],
    category: { major: 'urban', minor: 'urban-street-lighting', minorName: '路灯照明' },
    title: '路灯不亮',
    signDeadline: '2026-11-27T03:02:04.001Z',
    resolveDeadline: '2026-12-04T09:30:00.000Z',
    returnCount: 0,
    reopenCount: 0,
    escalated: false,
    repeatCount: 0,
    priority: 'normal',
    receivedAt: '2026-11-27T01:02:03.456Z',
    audit: [{ at: '2026-11-27T01:05:00.000Z', by: { id: 'staff-hbw-city-management-bureau', role: 'department' }, action: 'sign', from: 'dispatched', to: 'signed' }],
  },
};
