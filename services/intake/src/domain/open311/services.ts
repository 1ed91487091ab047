import { channels, majorCategories, requestKinds, type Channel, type MinorCategory, type Open311Attribute, type Open311Service, type Open311ServiceDefinition, type RegionConfig, type RequestKind } from '@govflow/contracts';

/** Open311 services are the region's minor categories, grouped by their major. */
export function open311Services(region: RegionConfig): Open311Service[] {
  const majorName = new Map(region.taxonomy.majors.map((m) => [m.code, m.name]));
  return region.taxonomy.minors.map((m) => ({
    service_code: m.code,
    service_name: m.name,
    description: m.description,
    metadata: true,
    type: 'realtime',
    keywords: m.keywords.join(','),
    group: majorName.get(m.major) ?? m.major,
  }));
}

export function findService(region: RegionConfig, code: string): MinorCategory | undefined {
  return region.taxonomy.minors.find((m) => m.code === code);
}

const kindNames: Record<RequestKind, string> = { inquiry: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议', dispute: '纠纷' };
const channelNames: Record<Channel, string> = {
  'hotline-12345': '12345 热线',
  'mini-program': '小程序',
  'grid-worker-app': '网格员 App',
  petition: '信访',
  'mayor-mailbox': '市长信箱',
  web: '网站',
  wechat: '微信',
};

/** A dispute category's requests go to mediation, so they are disputes unless the client says otherwise; the rest are complaints. */
export function defaultKind(service: MinorCategory): RequestKind {
  return majorCategories.find((c) => c.code === service.major)?.route === 'mediation' ? 'dispute' : 'complaint';
}

/**
 * What our own API asks of a request and Open311 has no field for, as optional attributes:
 * each has a default, so a client that never reads the definition can still file.
 */
export function open311ServiceDefinition(service: MinorCategory): Open311ServiceDefinition {
  const attributes: Open311Attribute[] = [
    {
      variable: true,
      code: 'kind',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 1,
      description: `诉求类型 (默认: ${kindNames[defaultKind(service)]})`,
      values: requestKinds.map((k) => ({ key: k, name: kindNames[k] })),
    },
    {
      variable: true,
      code: 'title',
      datatype: 'string',
      required: false,
      datatype_description: '200 字以内',
      order: 2,
      description: `标题 (默认: ${service.name})`,
    },
    {
      variable: true,
      code: 'channel',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 3,
      description: '受理渠道, 须为本接入方的渠道之一 (默认: 接入方的第一个渠道)',
      values: channels.map((c) => ({ key: c, name: channelNames[c] })),
    },
    {
      variable: true,
      code: 'external_id',
      datatype: 'string',
      required: false,
      datatype_description: '128 字符以内',
      order: 4,
      description: '接入方系统自己的编号 (externalId)',
    },
  ];
  return { service_code: service.code, attributes };
}
