import type * as z from 'zod';
import type { CaseView, SubmitAccepted, SubmitRequestBody, WorkOrderView } from './api';
import type { RegisterDisputeBody } from './disputes';

/**
 * Examples for the OpenAPI document, copied from a run against `npm start` (the sequence
 * in docs/integrate.md). They are checked against their schemas whenever the document is built.
 */
export const examples: { submit: SubmitRequestBody; accepted: SubmitAccepted; caseView: CaseView; workOrder: WorkOrderView; registerDispute: z.input<typeof RegisterDisputeBody> } = {
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
    files: [],
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
  registerDispute: {
    source: 'counter',
    type: 'neighbour',
    title: '楼道堆放杂物',
    narrative: '对门在公共楼道里堆了很多纸箱子，有消防隐患，协商不成。',
    parties: [
      { role: 'applicant', kind: 'person', name: '王秀英', phone: '13912340001', channel: 'counter' },
      { role: 'respondent', kind: 'person', name: '赵建国', channel: 'counter' },
    ],
    location: { gridId: 'hbw-xinhua-3-g1' },
    consentToMediate: true,
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

/**
 * Answers recorded from the demo's data (`npm run demo` against `npm start`), lists cut to
 * their first items; personal data as a partner sees it (masked).
 */
export const recorded = {
  "taxonomy": {
    "region": "wuhai",
    "majors": [
      {
        "code": "housing",
        "name": "住房和城乡建设"
      },
      {
        "code": "urban",
        "name": "城市管理与市政公用"
      }
    ],
    "categories": [
      {
        "code": "housing-property-service",
        "name": "物业服务",
        "description": "住房和城乡建设类诉求：物业服务。",
        "major": "housing",
        "majorName": "住房和城乡建设",
        "leadDepartment": {
          "kind": "housing-bureau",
          "level": "district"
        },
        "coHandlerKinds": [],
        "urgency": "normal",
        "signHours": 24,
        "resolveWorkingDays": {
          "inquiry": 2,
          "help": 10,
          "complaint": 15,
          "report": 15,
          "suggestion": 10,
          "dispute": 15
        },
        "route": "workorder"
      }
    ]
  },
  "triage": {
    "items": [
      {
        "caseId": "fc338e84-c7f7-4e59-8adb-fb5c56df05db",
        "caseNumber": "WH-20261127-000037",
        "reason": "unclassified",
        "kind": "inquiry",
        "title": "随便问问",
        "description": "你好，我想问一下明天天气怎么样？",
        "location": {
          "address": "火星基地"
        },
        "jurisdiction": {
          "resolvedBy": "unresolved"
        },
        "suggestions": [],
        "receivedAt": "2026-11-27T00:54:39.669Z"
      }
    ]
  },
  "inbox": {
    "items": [
      {
        "caseId": "12ea08a8-307b-446a-acbc-f3b7ac029114",
        "caseNumber": "WH-20261127-000001",
        "workOrderId": "WO-WH-20261127-000001",
        "status": "closed",
        "departmentId": "hbw-city-management-bureau",
        "departmentName": "海勃湾区城市管理综合执法局",
        "coHandlerIds": [],
        "category": {
          "major": "urban",
          "minor": "urban-streetlight",
          "minorName": "路灯照明",
          "confidence": 1,
          "by": "classifier"
        },
        "title": "路灯不亮",
        "signDeadline": "2026-11-28T00:54:11.204Z",
        "resolveDeadline": "2026-12-17T09:30:00.000Z",
        "returnCount": 0,
        "reopenCount": 0,
        "escalated": false,
        "repeatCount": 0,
        "priority": "normal",
        "rating": "satisfied",
        "receivedAt": "2026-11-27T00:54:11.204Z"
      }
    ]
  },
  "disputes": {
    "items": [
      {
        "disputeId": "b2be91e9-9a9f-416f-ab9e-aaefb054148d",
        "code": "WHTJ-20261127-000018",
        "status": "closed",
        "type": "property-management",
        "title": "租房押金纠纷",
        "tier": "village",
        "centreId": "hbw-chengguan-1-committee",
        "mediatorId": "hbw-chengguan-1-committee-m1",
        "riskFlags": [],
        "openedAt": "2026-11-27T00:54:44.105Z"
      }
    ]
  },
  "dispute": {
    "disputeId": "b2be91e9-9a9f-416f-ab9e-aaefb054148d",
    "code": "WHTJ-20261127-000018",
    "status": "closed",
    "source": "counter",
    "type": "property-management",
    "title": "租房押金纠纷",
    "narrative": "租期到了房东不退押金，说墙面有损坏。",
    "riskFlags": [],
    "consentToMediate": true,
    "parties": [
      {
        "partyId": "P1",
        "role": "applicant",
        "kind": "person",
        "name": "申****",
        "phone": "139****1010",
        "confirmedAt": "2026-11-27T00:55:21.348Z"
      },
      {
        "partyId": "P2",
        "role": "respondent",
        "kind": "person",
        "name": "被*****",
        "confirmedAt": "2026-11-27T00:55:21.375Z"
      }
    ],
    "jurisdiction": {
      "gridId": "hbw-chengguan-1-g1",
      "villageId": "hbw-chengguan-1",
      "townId": "hbw-chengguan",
      "districtId": "hbw",
      "resolvedBy": "grid-id"
    },
    "tier": "village",
    "centre": {
      "id": "hbw-chengguan-1-committee",
      "name": "千里山村人民调解委员会"
    },
    "mediator": {
      "id": "hbw-chengguan-1-committee-m1",
      "name": "何静"
    },
    "team": [],
    "sessions": [
      {
        "sessionId": "S1",
        "at": "2026-11-27T00:55:21.307Z",
        "place": "调解室",
        "held": true,
        "outcome": "agreement",
        "evidence": []
      }
    ],
    "agreement": {
      "terms": "双方按调解方案履行，互不追究。",
      "partial": false,
      "reachedAt": "2026-11-27T00:55:21.307Z",
      "effectiveAt": "2026-11-27T00:55:21.375Z",
      "judicialWindowClosesAt": "2026-12-27T15:59:59.999Z",
      "judicial": "not-applied"
    },
    "followUps": [
      {
        "dueAt": "2026-12-04T15:59:59.999Z",
        "doneAt": "2026-11-27T00:55:21.545Z",
        "performance": "performed"
      },
      {
        "dueAt": "2026-12-27T15:59:59.999Z"
      }
    ],
    "documents": [
      {
        "name": "acceptance-notice",
        "title": "人民调解受理通知书",
        "href": "/v1/disputes/b2be91e9-9a9f-416f-ab9e-aaefb054148d/documents/acceptance-notice"
      },
      {
        "name": "agreement",
        "title": "人民调解协议书",
        "href": "/v1/disputes/b2be91e9-9a9f-416f-ab9e-aaefb054148d/documents/agreement"
      }
    ],
    "linkedDisputes": [],
    "openedAt": "2026-11-27T00:54:44.105Z",
    "updatedAt": "2026-11-27T00:55:21.600Z",
    "history": [
      {
        "at": "2026-11-27T00:54:44.105Z",
        "action": "opened",
        "by": {
          "id": "petition",
          "role": "partner"
        },
        "to": "queued",
        "note": "千里山村人民调解委员会"
      },
      {
        "at": "2026-11-27T00:54:44.105Z",
        "action": "assigned",
        "by": {
          "id": "petition",
          "role": "partner"
        },
        "from": "queued",
        "to": "assigned"
      },
      {
        "at": "2026-11-27T00:55:21.245Z",
        "action": "accepted",
        "by": {
          "id": "hbw-chengguan-1-committee-m1",
          "role": "mediator"
        },
        "from": "assigned",
        "to": "accepted"
      },
      {
        "at": "2026-11-27T00:55:21.307Z",
        "action": "session-held",
        "by": {
          "id": "hbw-chengguan-1-committee-m1",
          "role": "mediator"
        },
        "from": "accepted",
        "to": "accepted"
      }
    ]
  },
  "registered": {
    "disputeId": "2669152c-6369-401b-b855-71612e99b55f",
    "code": "WHTJ-20261127-000021",
    "status": "assigned",
    "tier": "village",
    "centreName": "正义社区人民调解委员会"
  },
  "mediators": {
    "items": [
      {
        "id": "hbw-xinhua-5-committee-m1",
        "name": "秦杰",
        "committeeId": "hbw-xinhua-5-committee",
        "tier": "village",
        "profession": "mediator",
        "specialties": [
          "*"
        ],
        "capacity": 4,
        "load": 0,
        "leave": [],
        "active": true,
        "relationsDeclared": 0
      }
    ]
  },
  "mediator": {
    "id": "hbw-xinhua-5-committee-m1",
    "name": "秦杰",
    "committeeId": "hbw-xinhua-5-committee",
    "tier": "village",
    "profession": "mediator",
    "specialties": [
      "*"
    ],
    "capacity": 4,
    "load": 0,
    "leave": [],
    "active": true,
    "relationsDeclared": 0
  },
  "summary": {
    "region": "wuhai",
    "from": "2026-10-28T01:06:24.182Z",
    "to": "2026-11-27T01:06:24.182Z",
    "total": 50,
    "byStatus": {
      "closed": 19,
      "dispatched": 28,
      "triage": 1,
      "referred-to-court": 1,
      "mediation-withdrawn": 1
    },
    "byMajor": {
      "urban": 10,
      "environment": 3,
      "dispute": 20,
      "transport": 3,
      "labour": 1,
      "education": 1,
      "commerce": 2,
      "civil": 2,
      "safety": 3,
      "housing": 2,
      "health": 1,
      "rural": 1,
      "unknown": 1
    },
    "byDistrict": {
      "hbw": 32,
      "wd": 9,
      "hn": 7,
      "unknown": 2
    },
    "byDepartment": {
      "hbw-city-management-bureau": 5,
      "hbw-ecology-environment-bureau": 2,
      "city-heating-utility": 1,
      "hbw-xinhua-office": 1,
      "city-transport-bureau": 2,
      "city-human-resources-social-security-bureau": 1,
      "hbw-education-bureau": 1,
      "wd-market-regulation-bureau": 1,
      "city-water-utility": 1,
      "hbw-xinhuaxi-office": 1,
      "hn-civil-affairs-bureau": 1,
      "city-public-security-bureau": 1,
      "hbw-housing-bureau": 1,
      "hbw-transport-bureau": 1,
      "hbw-fire-rescue": 1,
      "city-natural-resources-bureau": 1,
      "city-health-commission": 1,
      "city-gas-utility": 1,
      "wd-public-security-bureau": 1,
      "wd-ecology-environment-bureau": 1,
      "hbw-public-security-bureau": 1,
      "hbw-market-regulation-bureau": 1,
      "hbw-agriculture-rural-bureau": 1
    },
    "byChannel": {
      "hotline-12345": 16,
      "mini-program": 7,
      "grid-worker-app": 6,
      "petition": 2,
      "web": 4,
      "mayor-mailbox": 2,
      "unknown": 13
    },
    "bySupervision": {},
    "generatedAt": "2026-11-27T01:06:24.182Z"
  },
  "kpis": {
    "region": "wuhai",
    "from": "2026-11-27",
    "to": "2026-11-27",
    "groupBy": "district",
    "scope": {},
    "groups": [
      {
        "key": "hbw",
        "name": "海勃湾区",
        "received": 32,
        "open": 21,
        "overdue": 0,
        "signedOnTimeRate": {
          "value": 0.0455,
          "numerator": 1,
          "denominator": 22
        },
        "resolvedOnTimeRate": {
          "value": null,
          "numerator": 0,
          "denominator": 0
        },
        "resolutionRate": {
          "value": 1,
          "numerator": 1,
          "denominator": 1
        },
        "satisfactionRate": {
          "value": 1,
          "numerator": 1,
          "denominator": 1
        },
        "followUpRate": {
          "value": 1,
          "numerator": 1,
          "denominator": 1
        },
        "returnRate": {
          "value": 0,
          "numerator": 0,
          "denominator": 22
        },
        "reopenRate": {
          "value": 0,
          "numerator": 0,
          "denominator": 1
        },
        "repeatRate": {
          "value": 0,
          "numerator": 0,
          "denominator": 32
        },
        "avgHoursToSign": 0,
        "p90HoursToResolve": 1,
        "mediationSuccessRate": {
          "value": 0.9,
          "numerator": 9,
          "denominator": 10
        },
        "resolvedAtOrBelowTownRate": {
          "value": 1,
          "numerator": 9,
          "denominator": 9
        },
        "judicialConfirmationRate": {
          "value": 0.4444,
          "numerator": 4,
          "denominator": 9
        },
        "notices": 0,
        "unjustifiedReturns": 0
      }
    ],
    "total": {
      "received": 50,
      "open": 29,
      "overdue": 0,
      "signedOnTimeRate": {
        "value": 0.0345,
        "numerator": 1,
        "denominator": 29
      },
      "resolvedOnTimeRate": {
        "value": null,
        "numerator": 0,
        "denominator": 0
      },
      "resolutionRate": {
        "value": 1,
        "numerator": 1,
        "denominator": 1
      },
      "satisfactionRate": {
        "value": 1,
        "numerator": 1,
        "denominator": 1
      },
      "followUpRate": {
        "value": 1,
        "numerator": 1,
        "denominator": 1
      },
      "returnRate": {
        "value": 0,
        "numerator": 0,
        "denominator": 29
      },
      "reopenRate": {
        "value": 0,
        "numerator": 0,
        "denominator": 1
      },
      "repeatRate": {
        "value": 0,
        "numerator": 0,
        "denominator": 50
      },
      "avgHoursToSign": 0,
      "p90HoursToResolve": 1,
      "mediationSuccessRate": {
        "value": 0.9,
        "numerator": 18,
        "denominator": 20
      },
      "resolvedAtOrBelowTownRate": {
        "value": 0.7778,
        "numerator": 14,
        "denominator": 18
      },
      "judicialConfirmationRate": {
        "value": 0.5,
        "numerator": 9,
        "denominator": 18
      },
      "notices": 0,
      "unjustifiedReturns": 0
    },
    "generatedAt": "2026-11-27T01:06:24.818Z"
  },
  "assessment": {
    "region": "wuhai",
    "month": "2026-11",
    "weights": {
      "signedOnTimeRate": 20,
      "resolvedOnTimeRate": 30,
      "resolutionRate": 20,
      "satisfactionRate": 30
    },
    "departments": [
      {
        "unitType": "department",
        "key": "hbw-city-management-bureau",
        "name": "海勃湾区城市管理综合执法局",
        "components": [
          {
            "figure": "signedOnTimeRate",
            "weight": 20,
            "rate": {
              "value": 0.2,
              "numerator": 1,
              "denominator": 5
            },
            "points": 5.71
          },
          {
            "figure": "resolutionRate",
            "weight": 20,
            "rate": {
              "value": 1,
              "numerator": 1,
              "denominator": 1
            },
            "points": 28.57
          },
          {
            "figure": "satisfactionRate",
            "weight": 30,
            "rate": {
              "value": 1,
              "numerator": 1,
              "denominator": 1
            },
            "points": 42.86
          }
        ],
        "deductions": [
          {
            "reason": "notice",
            "count": 0,
            "pointsEach": 2,
            "points": 0
          },
          {
            "reason": "unjustified-return",
            "count": 0,
            "pointsEach": 1,
            "points": 0
          }
        ],
        "score": 77.14,
        "rank": 1
      }
    ],
    "towns": [
      {
        "unitType": "town",
        "key": "hbw-xinhua",
        "name": "新华街道",
        "components": [
          {
            "figure": "signedOnTimeRate",
            "weight": 20,
            "rate": {
              "value": 0.2,
              "numerator": 1,
              "denominator": 5
            },
            "points": 5.71
          },
          {
            "figure": "resolutionRate",
            "weight": 20,
            "rate": {
              "value": 1,
              "numerator": 1,
              "denominator": 1
            },
            "points": 28.57
          },
          {
            "figure": "satisfactionRate",
            "weight": 30,
            "rate": {
              "value": 1,
              "numerator": 1,
              "denominator": 1
            },
            "points": 42.86
          }
        ],
        "deductions": [
          {
            "reason": "notice",
            "count": 0,
            "pointsEach": 2,
            "points": 0
          },
          {
            "reason": "unjustified-return",
            "count": 0,
            "pointsEach": 1,
            "points": 0
          }
        ],
        "score": 77.14,
        "rank": 1
      }
    ],
    "rankings": {
      "bestDepartments": [
        "hbw-city-management-bureau",
        "city-gas-utility",
        "city-health-commission"
      ],
      "worstDepartments": [
        "wd-public-security-bureau",
        "wd-market-regulation-bureau",
        "wd-ecology-environment-bureau"
      ],
      "bestTowns": [
        "hbw-xinhua",
        "hbw-binhe",
        "hbw-fenghuangling"
      ],
      "worstTowns": [
        "wd-wuhushan",
        "wd-sandaokan",
        "wd-liangjiagou"
      ]
    },
    "generatedAt": "2026-11-27T01:06:25.766Z"
  },
  "topics": {
    "region": "wuhai",
    "month": "2026-11",
    "items": [
      {
        "townId": "hbw-xinhua",
        "townName": "新华街道",
        "major": "dispute",
        "majorName": "矛盾纠纷",
        "received": 3,
        "satisfactionRate": {
          "value": null,
          "numerator": 0,
          "denominator": 0
        },
        "score": 1.5
      }
    ]
  },
  "warnings": {
    "items": [
      {
        "warningId": "20261127-risk-8eae3ce3eb",
        "kind": "dispute-risk",
        "raisedAt": "2026-11-27T00:54:37.784Z",
        "subject": {
          "caseId": "c5857b7a-818a-4e7a-91f2-598afe1066c0",
          "disputeId": "c5857b7a-818a-4e7a-91f2-598afe1066c0",
          "areaId": "hn-gongwusu"
        },
        "why": {
          "observed": 1,
          "expected": 0,
          "threshold": 1,
          "window": "dispute",
          "note": "petition"
        },
        "summary": "公乌素镇矛盾纠纷出现风险标记：扬言越级上访。"
      }
    ]
  }
} as const;
