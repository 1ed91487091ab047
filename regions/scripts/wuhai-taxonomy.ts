/**
 * Minor categories of the wuhai sample region, one line each:
 * code | name | keywords (space-separated) | handling level | urgency | lead kind (default: the major's) | co-handler kinds
 */
export const minorLines = `
housing-property-service|物业服务|物业 物业公司 物业费 物业不作为 物业服务差 保洁 门禁卡|district|normal||
housing-elevator|电梯故障|电梯 电梯故障 电梯坏了 困在电梯 电梯停运 电梯维修|district|urgent||market-regulation-bureau
housing-old-estate|老旧小区改造|老旧小区 小区改造 外墙保温 楼体改造 改造工程|district|normal||
housing-leak|房屋漏水|漏水 渗水 房顶漏雨 墙体渗漏 防水|district|normal||
housing-property-cert|不动产登记|房产证 不动产登记 不动产证 过户 办证难|city|normal|natural-resources-bureau|
housing-construction-quality|房屋质量|房屋质量 墙体开裂 裂缝 质量问题 交房|district|normal||
housing-rent|房屋租赁|租房 房租 押金 房东 租赁|district|normal||
housing-affordable|保障性住房|公租房 廉租房 保障房 经适房 住房补贴|city|normal||
urban-streetlight|路灯照明|路灯 路灯不亮 路灯坏了 黑灯瞎火 照明 楼道灯|district|normal||
urban-road-damage|道路破损|坑洼 大坑 路面破损 道路破损 坑坑洼洼 路面塌陷 修路|district|normal||
urban-manhole|井盖缺失|井盖 井盖丢失 井盖破损 窨井 下水井|district|urgent||
urban-street-vendor|占道经营|占道经营 摆摊 流动摊贩 占道 小商贩|town|normal||
urban-illegal-building|违章建筑|违章建筑 违建 私搭乱建 乱搭建 彩钢房|district|normal||
urban-garbage|垃圾清运|垃圾 垃圾清运 垃圾堆 垃圾桶 清运 臭气熏天|town|normal||
urban-greening|园林绿化|绿化 树木 修剪 草坪 绿地 枯树|district|normal||
urban-parking|停车管理|停车 乱停车 停车位 占用车位 停车收费|district|normal||
urban-fitness|公共设施|健身器材 公共厕所 休闲座椅 公共设施|district|normal||
urban-water-supply|供水停水|停水 没水 水压低 自来水 供水 水质 水黄|city|urgent|water-utility|
urban-heating|供暖|暖气 供暖 暖气不热 供热 取暖 室温低|city|urgent|heating-utility|
urban-gas|燃气|燃气 天然气 燃气费 煤气 燃气表|city|urgent|gas-utility|
urban-power|供电|停电 供电 电费 电压不稳 电表|city|urgent|power-utility|
urban-drainage|排水|下水道 排水 堵塞 污水外溢 积水 返水|district|urgent||
environment-cooking-fumes|餐饮油烟|油烟 烧烤 油烟扰民 饭店油烟|district|normal||
environment-noise|噪音扰民|噪音 噪声 扰民 吵 太吵 施工噪音 夜间施工 广场舞|district|normal||
environment-dust|扬尘污染|扬尘 灰尘 粉尘 砂石 露天堆放 漫天灰尘|district|normal||
environment-air|大气污染|空气污染 废气 烟囱 冒黑烟 异味 化工厂|city|urgent||
environment-water-pollution|水污染|污水 排污 水污染 黄河 偷排|city|urgent||
environment-waste|固体废物|危险废物 废渣 固废 倾倒 煤矸石|city|normal||
transport-bus|公交|公交 公交车 公交线路 公交站 班次|city|normal||
transport-taxi|出租车|出租车 拒载 绕路 打车 网约车|city|normal||
transport-road-traffic|道路交通|红绿灯 信号灯 交通拥堵 路口 斑马线|district|normal|transport-bureau|public-security-bureau
transport-freight|货运超载|超载 货车 大货车 拉煤车 运煤|city|normal||
education-fees|学校收费|乱收费 学校收费 补课费 资料费 学费|district|normal||
education-enrolment|入学|入学 上学 学区 招生 转学 幼儿园|district|normal||
education-tutoring|校外培训|培训机构 补习班 校外培训 退费|district|normal||
education-school-safety|校园安全|校园 霸凌 学生安全 食堂|district|urgent||
education-culture-sport|文体活动|体育馆 文化活动 图书馆 球场|city|normal||
labour-wage-arrears|欠薪|拖欠工资 欠薪 工资 讨薪 农民工工资 包工头|district|urgent||
labour-social-insurance|社保|社保 养老保险 缴费 社保卡 退休金 养老金 灵活就业|city|normal||
labour-employment|就业|就业 找工作 招聘 失业 培训补贴|district|normal||
labour-contract|劳动合同|劳动合同 辞退 加班 工伤 解除合同|district|normal||
commerce-food-safety|食品安全|过期 食品安全 变质 过期食品 食物中毒 三无|district|urgent||
commerce-price|价格欺诈|价格 宰客 不标价 乱涨价 价格欺诈 收费高|district|normal||
commerce-consumer|消费维权|退货 退款 消费 售后 商家 假货 预付卡|district|normal||
commerce-tourism|旅游|景区 旅游 导游 门票|city|normal|culture-tourism-bureau|
commerce-unlicensed|无证经营|无证经营 无照经营 黑作坊|district|normal||
health-hospital-service|医院服务|医院 挂号 排队 医生 看病 服务态度|city|normal||
health-medical-insurance|医保|医保 报销 医疗保险 异地就医|city|normal|medical-security-bureau|
health-epidemic|疫情防控|疫苗 传染病 发热 接种|city|urgent||
health-pharmacy|药品|药店 药品 假药 药价|district|normal|market-regulation-bureau|
civil-subsistence|低保|低保 救助 困难 特困 临时救助|district|normal||
civil-elderly|养老服务|养老 养老院 老年人 高龄补贴 居家养老|district|normal||
civil-disability|残疾人|残疾 残疾人 残疾证 无障碍|district|normal||
civil-missing|走失求助|走失 失踪 老人走失 孩子走丢 寻找|district|emergency|public-security-bureau|
civil-funeral|殡葬|殡葬 墓地 公墓 丧葬|city|normal||
rural-grassland|草原保护|草原 草场 开垦 放牧 禁牧|district|normal||
rural-farmland|耕地保护|耕地 占用耕地 基本农田 土地 撂荒|district|normal|natural-resources-bureau|
rural-agriculture|农业生产|种植 农药 化肥 种子 葡萄|district|normal||
rural-livestock|畜牧兽医|牲畜 养殖 兽医 动物防疫 死猪|district|normal||
rural-village-affairs|村务|村务 村委会 村干部 村务公开 集体资产|town|normal||
safety-fraud|电信诈骗|诈骗 电信诈骗 骗子 冒充 转账 刷单|city|urgent||
safety-public-order|治安|治安 打架 盗窃 小偷 偷东西 赌博 黄赌毒|district|urgent||
safety-fire|消防隐患|消防 消防通道 火灾隐患 灭火器 堵塞通道|district|urgent|fire-rescue|
safety-production|安全生产|安全生产 矿山 煤矿 违规作业 事故隐患|city|urgent|emergency-management-bureau|
safety-pets|犬只管理|狗 大狗 犬只 遛狗 不拴绳 狗叫|district|normal||
safety-emergency|突发事件|着火 起火 爆炸 塌方 洪水 险情|city|emergency|emergency-management-bureau|fire-rescue
dispute-neighbour|邻里纠纷|邻里 邻居 楼上楼下 漏水纠纷 邻里矛盾|town|normal||
dispute-family|婚姻家庭纠纷|夫妻 离婚 家庭矛盾 婆媳 赡养 抚养|town|normal||
dispute-property-fee|物业纠纷|物业纠纷 物业费纠纷 业主 业委会|town|normal||
dispute-wage|劳资纠纷|拖欠工资 欠薪 工钱 讨薪 劳资|town|urgent||
dispute-land|土地承包纠纷|承包地 土地承包 土地纠纷 地界 调整承包地|town|normal||
dispute-homestead|宅基地纠纷|宅基地 院墙 房基地|town|normal||
dispute-medical|医疗纠纷|医疗纠纷 医疗事故 误诊 医患|district|normal||
dispute-traffic|交通事故纠纷|交通事故 剐蹭 撞车 车祸 赔偿|district|normal||
dispute-consumer|消费纠纷|消费纠纷 退款纠纷|town|normal||
dispute-expropriation|征地拆迁纠纷|征地 拆迁 补偿款 征收 安置|district|urgent||
dispute-debt|债务纠纷|借钱 欠钱 债务 借款 还钱|town|normal||
dispute-other|其他纠纷|纠纷 矛盾 调解 协商不成 吵架|town|normal||
`;
