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
    description: '小区门口路灯坏了一个月，晚上很黑',
    location: { address: '海勃湾区新华街道' },
    reporter: { phone: '13912345678' },
    attachments: [],
    externalId: 'crm-4711',
  },
  accepted: {
    caseId: '12ea08a8-307b-446a-acbc-f3b7ac029114',
    caseNumber: 'WH-20261127-000001',
    status: 'received',
    receivedAt: '2026-11-27T00:54:11.204Z',
  },
  caseView: {
    caseId: '12ea08a8-307b-446a-acbc-f3b7ac029114',
    caseNumber: 'WH-20261127-000001',
    status: 'dispatched',
    channel: 'hotline-12345',
    kind: 'complaint',
    title: '路灯不亮',
    description: '小区门口路灯坏了一个月，晚上很黑',
    location: { address: '海勃湾区新华街道' },
    reporter: { phone: '139****5678' },
    attachments: [],
    externalId: 'crm-4711',
    receivedAt: '2026-11-27T00:54:11.204Z',
    category: { major: 'urban', minor: 'urban-streetlight', minorName: '路灯照明' },
    department: { id: 'hbw-city-management-bureau', name: '海勃湾区城市管理综合执法局' },
    deadline: '2026-12-17T09:30:00.000Z',
    history: [
      { at: '2026-11-27T00:54:11.204Z', status: 'received', note: '受理 via hotline-12345' },
      { at: '2026-11-27T00:54:11.490Z', status: 'classified', note: '分类: 路灯照明' },
      { at: '2026-11-27T00:54:11.490Z', status: 'dispatched', note: '派遣至 海勃湾区城市管理综合执法局' },
    ],
    changedAt: '2026-11-27T00:54:13.073Z',
  },
  workOrder: {
    caseId: '12ea08a8-307b-446a-acbc-f3b7ac029114',
    caseNumber: 'WH-20261127-000001',
    workOrderId: 'WO-WH-20261127-000001',
    status: 'closed',
    departmentId: 'hbw-city-management-bureau',
    departmentName: '海勃湾区城市管理综合执法局',
    coHandlerIds: [],
    category: { major: 'urban', minor: 'urban-streetlight', minorName: '路灯照明' },
    title: '路灯不亮',
    signDeadline: '2026-11-28T00:54:11.204Z',
    resolveDeadline: '2026-12-17T09:30:00.000Z',
    returnCount: 0,
    reopenCount: 0,
    escalated: false,
    repeatCount: 0,
    priority: 'normal',
    rating: 'satisfied',
    receivedAt: '2026-11-27T00:54:11.204Z',
    audit: [
      { at: '2026-11-27T00:54:16.166Z', by: { id: 'staff-hbw-city-management-bureau', role: 'department' }, action: 'sign', from: 'dispatched', to: 'signed' },
      { at: '2026-11-27T00:54:16.401Z', by: { id: 'staff-hbw-city-management-bureau', role: 'department' }, action: 'resolve', from: 'signed', to: 'resolved', reason: '已更换路灯灯泡，恢复照明' },
      { at: '2026-11-27T00:54:16.491Z', by: { id: 'hotline-12345', role: 'partner' }, action: 'verify', from: 'resolved', to: 'verified' },
      { at: '2026-11-27T00:54:16.691Z', by: { id: 'hotline-12345', role: 'partner' }, action: 'rate', from: 'verified', to: 'closed', reason: 'satisfied' },
    ],
  },
};
