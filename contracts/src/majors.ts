/**
 * The 12 major categories every region uses. Codes are fixed across regions
 * (shared/taxonomy/majors.csv); minors are region data.
 */
export const majorCategories = [
  { code: 'housing', name: '住房和城乡建设', leadDepartmentKind: 'housing-bureau', route: 'workorder' },
  { code: 'urban', name: '城市管理与市政公用', leadDepartmentKind: 'city-management-bureau', route: 'workorder' },
  { code: 'environment', name: '生态环境', leadDepartmentKind: 'ecology-environment-bureau', route: 'workorder' },
  { code: 'transport', name: '交通运输', leadDepartmentKind: 'transport-bureau', route: 'workorder' },
  { code: 'education', name: '教育文体', leadDepartmentKind: 'education-bureau', route: 'workorder' },
  { code: 'labour', name: '劳动和社会保障', leadDepartmentKind: 'human-resources-social-security-bureau', route: 'workorder' },
  { code: 'commerce', name: '商贸旅游与市场监管', leadDepartmentKind: 'market-regulation-bureau', route: 'workorder' },
  { code: 'health', name: '卫生健康', leadDepartmentKind: 'health-commission', route: 'workorder' },
  { code: 'civil', name: '民政与社会服务', leadDepartmentKind: 'civil-affairs-bureau', route: 'workorder' },
  { code: 'rural', name: '农业农村与自然资源', leadDepartmentKind: 'agriculture-rural-bureau', route: 'workorder' },
  { code: 'safety', name: '公共安全与应急管理', leadDepartmentKind: 'public-security-bureau', route: 'workorder' },
  { code: 'dispute', name: '矛盾纠纷', leadDepartmentKind: 'mediation-centre', route: 'mediation' },
] as const;

type MajorCodeValue = (typeof majorCategories)[number]['code'];
export const majorCodes = majorCategories.map((m) => m.code) as [MajorCodeValue, ...MajorCodeValue[]];
