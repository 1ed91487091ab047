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
transport-road-damage|道路破损|坑洼 大坑 路面破损 道路破损 坑坑洼洼 路面塌陷 修路|district|normal||
education-fees|学校收费|乱收费 学校收费 补课费 资料费 学费|district|normal||
education-enrolment|入学|入学 上学 学区 招生 转学 幼儿园|district|normal||
education-tutoring|校外培训|培训机构 补习班 校外培训 退费|district|normal||
education-school-safety|校园安全|校园 霸凌 学生安全 食堂|district|urgent||
education-culture-sport|文体活动|体育馆 文化活动 图书馆 球场|city|normal||
labour-wage-arrears|欠薪|拖欠工资 欠薪 工资 讨薪 农民工工资 包工头|district|urgent||
labour-social-insurance|社保|社保 养老保险 缴费 社保卡 退休金 养老金 灵活就业|city|normal||
labour-employment|就业|就业 找工作 招聘 失业 培训补贴|district|normal||
labour-contract|劳动合同|劳动合同 辞退 加班 工伤 解除合同|district|normal||
labour-medical-insurance|医保|医保 报销 医疗保险 异地就医 生育保险 生育津贴 医保卡 城乡居民医保|city|normal|medical-security-bureau|
commerce-food-safety|食品安全|过期 食品安全 变质 过期食品 食物中毒 三无|district|urgent||
commerce-price|价格欺诈|价格 宰客 不标价 乱涨价 价格欺诈 收费高|district|normal||
commerce-consumer|消费维权|退货 退款 消费 售后 商家 假货 预付卡|district|normal||
commerce-tourism|旅游|景区 旅游 导游 门票|city|normal|culture-tourism-bureau|
commerce-unlicensed|无证经营|无证经营 无照经营 黑作坊|district|normal||
health-hospital-service|医院服务|医院 挂号 排队 医生 看病 服务态度|city|normal||
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
housing-demolition|房屋征收|房屋征收 征收补偿 拆迁安置 安置房 回迁|district|normal||
housing-developer|开发商问题|开发商 延期交房 烂尾楼 购房合同 售楼处|district|normal||
housing-maintenance-fund|维修基金|维修基金 专项维修资金 公共维修|district|normal||
housing-owners-committee|业主委员会|业委会 业主大会 业主委员会选举|town|normal||
housing-public-housing-repair|公房维修|公房 直管公房 危房 房屋鉴定|district|urgent||
housing-sales-intermediary|房产中介|房产中介 中介费 二手房中介 黑中介|district|normal||market-regulation-bureau
urban-snow-removal|除雪清冰|积雪 除雪 清雪 路面结冰 冰面|district|urgent||
urban-public-toilet|公共厕所|公厕 公共厕所 厕所脏 厕所关门|district|normal||
urban-advertising|户外广告|广告牌 户外广告 招牌 牌匾 横幅|district|normal||
urban-road-occupation|挖掘道路|挖路 开挖 施工围挡 道路开挖 管线施工|district|normal||
urban-bridge-tunnel|桥梁隧道|桥梁 天桥 地下通道 涵洞 桥面|city|urgent||
urban-sewer-odour|化粪池|化粪池 粪水 污水井 抽粪|district|urgent||
environment-vehicle-emission|机动车尾气|尾气 黑烟车 冒黑烟的车 柴油车|city|normal||
environment-radiation|辐射|辐射 基站 电磁 信号塔|city|normal||
environment-soil|土壤污染|土壤污染 污染土地 重金属|city|normal||
environment-burning|露天焚烧|焚烧 烧垃圾 烧秸秆 露天烧|district|urgent||
environment-livestock-pollution|养殖污染|养殖场臭 粪便 养殖污染|district|normal||agriculture-rural-bureau
environment-industrial-noise|工业噪声|工厂噪音 机器轰鸣 厂区噪声 设备噪音|city|normal||
environment-coal-yard|煤场污染|煤场 储煤场 煤堆 煤灰 洗煤厂|city|urgent||
transport-bus-stop|公交站点|站牌 候车亭 公交站台 站点设置|city|normal||
transport-bus-driver|公交服务|公交司机 不停站 甩站 公交车态度|city|normal||
transport-road-repair-highway|公路养护|国道 省道 公路 高速 公路坑|city|normal||
transport-illegal-operation|非法营运|黑车 非法营运 拉客 摩的|city|normal||
transport-driving-school|驾校|驾校 学车 练车 考驾照|city|normal||
transport-logistics|快递物流|快递 物流 丢件 快递员 包裹|city|normal|postal-bureau|
transport-railway|铁路客运|火车 铁路 火车站 车票|city|normal||
transport-parking-fee|停车收费|停车费 乱收停车费 收费员|district|normal|city-management-bureau|
transport-traffic-facilities|交通设施|护栏 减速带 交通标志 标线 隔离栏|district|normal||public-security-bureau
education-teachers|教师管理|老师 体罚 辱骂学生 有偿补课 师德 教师工资 教师待遇 乡村教师 代课教师 绩效工资 班主任|district|normal||
education-school-bus|校车|校车 接送学生 学生接送车|district|urgent||
education-student-aid|学生资助|助学金 贫困生 资助 奖学金 学生补助|district|normal||
education-kindergarten|幼儿园|幼儿园 入园 托育 保育|district|normal||
education-vocational|职业教育|职业学校 技校 职业教育 中职|city|normal||
education-exam|考试|中考 高考 考试 成绩 录取|city|normal||
education-sports-venue|体育场馆|体育场 游泳馆 全民健身 场馆开放|city|normal|culture-tourism-bureau|
education-library-museum|文化场馆|博物馆 文化馆 展览 书店|city|normal|culture-tourism-bureau|
education-school-environment|校园周边|学校周边 校门口 网吧 游戏厅|district|normal||
labour-work-injury|工伤|工伤 工伤认定 工伤赔偿 职业病|district|urgent||
labour-unemployment|失业保险|失业金 失业保险 失业登记|city|normal||
labour-pension-qualification|退休审批|退休 办理退休 工龄 视同缴费|city|normal||
labour-skill-training|职业培训|技能培训 职业培训 培训补贴 证书|city|normal||
labour-migrant|农民工服务|农民工 外出务工 返乡创业|district|normal||
labour-overtime|加班休假|加班费 休假 年假 节假日加班 调休|district|normal||
labour-dispatch|劳务派遣|劳务派遣 派遣工 外包工|district|normal||
labour-personnel-files|人事档案|档案 人事档案 档案丢失 调档|city|normal||
labour-social-security-card|社保卡|社保卡 补卡 激活 社保卡丢失|city|normal||
commerce-weights|缺斤短两|缺斤短两 短秤 秤不准 鬼秤|district|normal||
commerce-counterfeit|假冒伪劣|假冒 伪劣 山寨 冒牌 假酒|district|urgent||
commerce-special-equipment|特种设备|锅炉 压力容器 游乐设施 特种设备|city|urgent||
commerce-market-order|农贸市场|菜市场 农贸市场 市场管理 摊位费|district|normal||
commerce-catering-hygiene|餐饮卫生|餐馆卫生 后厨 苍蝇 脏乱 饭店卫生|district|urgent||
commerce-online-shopping|网购纠纷|网购 网店 直播带货 电商 平台客服|city|normal||
commerce-advertising-false|虚假宣传|虚假宣传 虚假广告 夸大宣传 保健品|district|normal||
commerce-telecom|通信服务|宽带 手机信号 话费 运营商 扣费|city|normal|telecom-office|
commerce-bank-finance|金融服务|银行 贷款 理财 非法集资 高利贷|city|urgent|finance-office|
health-clinic-private|民营医疗|私人诊所 民营医院 黑诊所 无证行医|district|urgent||
health-maternal-child|妇幼保健|孕妇 产检 新生儿 妇幼 出生证明|city|normal||
health-family-doctor|家庭医生|家庭医生 签约医生 社区医院 卫生院|district|normal||
health-ambulance|急救服务|救护车 120 急救 急诊|city|emergency||
health-mental|心理健康|心理 抑郁 精神病人 精神疾病|district|urgent||civil-affairs-bureau
health-occupational|职业健康|尘肺 职业病防治 粉尘作业|city|normal||
health-tobacco|控烟|吸烟 抽烟 控烟 二手烟 禁烟|district|normal||
health-nucleic|健康证|健康证 体检 体检中心 健康证明|district|normal||
health-blood|献血|献血 血站 用血|city|normal||
civil-marriage-registration|婚姻登记|结婚证 离婚证 婚姻登记 补办结婚证|district|normal||
civil-children|儿童福利|孤儿 留守儿童 困境儿童 儿童福利|district|urgent||
civil-veterans|退役军人|退役军人 退伍 优抚 军属 烈属|city|normal|veterans-affairs-bureau|
civil-community-service|社区服务|社区服务 居委会 社区工作人员 开证明|town|normal||
civil-place-names|地名门牌|门牌 门牌号 地名 路名|district|normal||
civil-social-organization|社会组织|社会组织 协会 民办非企业 非法社会组织|city|normal||
civil-homeless|流浪乞讨|流浪 乞讨 流浪汉 救助站|district|urgent||
civil-charity|慈善捐赠|捐款 慈善 募捐 红十字|city|normal||
civil-household-registration|户籍证件|户口 身份证 户籍 落户 居住证|district|normal|public-security-bureau|
rural-water-conservancy|农田水利|灌溉 水渠 机井 农田水利 浇地|district|normal||
rural-subsidy|惠农补贴|种粮补贴 惠农补贴 补贴款 农机补贴|district|normal||
rural-forestry|林业|林地 砍树 盗伐 植树 林木|district|normal|natural-resources-bureau|
rural-mining|违法采矿|私挖 盗采 非法采矿 采砂 挖沙|city|urgent|natural-resources-bureau|
rural-homestead-approval|农村建房|农村建房 建房审批 村民建房|town|normal||
rural-land-transfer|土地流转|土地流转 流转费 租地 承包费|district|normal||
rural-drinking-water|农村饮水|农村饮水 人畜饮水 吃水难 水窖|district|urgent||water-utility
rural-village-roads|村组道路|村道 乡村道路 村路 砂石路|district|normal|transport-bureau|
rural-animal-epidemic|动物疫病|禽流感 口蹄疫 病死畜禽 动物疫情|city|urgent||
safety-traffic-violation|交通违法|闯红灯 超速 酒驾 违章 改装车|district|normal|public-security-bureau|
safety-drugs|涉毒|吸毒 贩毒 毒品 制毒|city|urgent||
safety-gambling|涉赌|赌博 赌场 麻将馆 网络赌博|district|urgent||
safety-hazardous-chemicals|危险化学品|危化品 化学品 易燃易爆 危险品 储罐|city|urgent|emergency-management-bureau|
safety-gas-leak|燃气泄漏|燃气泄漏 闻到煤气味 漏气 煤气泄漏|city|emergency|gas-utility|fire-rescue
safety-flood|防汛|防汛 山洪 内涝 洪水 河道|city|emergency|emergency-management-bureau|water-conservancy-bureau
safety-electric-bike|电动车充电|电动车充电 飞线充电 楼道充电 电瓶车|district|urgent|fire-rescue|
safety-domestic-violence|家庭暴力|家暴 家庭暴力 打老婆 虐待|district|urgent||civil-affairs-bureau
safety-cctv|监控设施|监控 摄像头 天网 监控坏了|district|normal||
dispute-inheritance|继承纠纷|遗产 继承 房产继承 遗嘱|town|normal||
dispute-tenancy|租赁纠纷|房东 租客 押金不退 租赁纠纷|town|normal||
dispute-grassland-boundary|草场界线纠纷|草场纠纷 草场界线 牧场 放牧纠纷|district|normal||
dispute-construction-damage|施工损害纠纷|施工损坏 施工震裂 工程损害 施工影响房屋|town|normal||
dispute-school-injury|校园伤害纠纷|学生受伤 校园伤害 学校赔偿|district|normal||
dispute-enterprise-villagers|企地纠纷|企业与村民 厂矿 村民堵门 企业污染赔偿|district|urgent||
dispute-partnership|合伙纠纷|合伙 合伙人 散伙 分红纠纷|town|normal||
dispute-elderly-support|赡养纠纷|赡养老人 不赡养 养老费 子女不管|town|normal||
dispute-other|其他纠纷|纠纷 矛盾 调解 协商不成 吵架|town|normal||
`;
