import type { Channel, RequestKind } from '@govflow/contracts';

export interface DemoRequest {
  channel: Channel;
  kind: RequestKind;
  title: string;
  description: string;
  address?: string;
  point?: { lat: number; lng: number };
  /** Use a real grid id from the region data (the n-th grid). */
  gridIndex?: number;
  phone?: string;
  name?: string;
}

/** Realistic requests as citizens write them: greetings, several places, colloquial words. */
export const demoRequests: DemoRequest[] = [
  { channel: 'hotline-12345', kind: 'complaint', title: '小区路灯坏了一个多月没人修', description: '尊敬的领导您好，我是海勃湾区新华街道的居民，我们小区门口的路灯坏了一个多月了，晚上黑灯瞎火的，老人孩子出门很不安全，希望尽快维修。', address: '海勃湾区新华街道', phone: '13912345678', name: '张女士' },
  { channel: 'hotline-12345', kind: 'complaint', title: '楼下饭店油烟太大', description: '您好，楼下新开的烧烤店油烟直接往楼上飘，家里窗户都不敢开，晚上还很吵，反映过好几次了。', address: '海勃湾区滨河街道', phone: '13800001111' },
  { channel: 'mini-program', kind: 'report', title: '人行道井盖丢失', description: '路口人行道上的井盖没了，很危险，已经有人差点掉进去，请相关部门赶紧处理。', gridIndex: 3 },
  { channel: 'mini-program', kind: 'complaint', title: '暖气不热', description: '领导好！今年供暖开始后家里暖气一直不热，室温只有十五六度，给供热公司打电话也没人管。', address: '乌达区三道坎街道', phone: '15047123456' },
  { channel: 'grid-worker-app', kind: 'report', title: '占道经营', description: '网格巡查发现商贩在人行道上摆摊占道经营，影响通行。', gridIndex: 10 },
  { channel: 'grid-worker-app', kind: 'dispute', title: '邻里因漏水发生纠纷', description: '楼上住户卫生间漏水把楼下天花板泡坏了，两家协商赔偿不成吵了起来，需要调解。', gridIndex: 12 },
  { channel: 'hotline-12345', kind: 'dispute', title: '工地拖欠工资', description: '我在海南区一个工地干了半年活，包工头一直拖欠工资三万多元，过年前还不给，我们几个工友都没拿到钱。', address: '海南区拉僧庙镇', phone: '18647000001' },
  { channel: 'petition', kind: 'dispute', title: '土地承包纠纷', description: '村里重新调整承包地，我家的地被划给了别人，找村委会多次没有结果，请求调解。', address: '海南区巴音陶亥镇' },
  { channel: 'web', kind: 'suggestion', title: '建议增加公交线路', description: '建议在新区和火车站之间增加一条公交线路，现在上班要倒两趟车，很不方便。', address: '海勃湾区' },
  { channel: 'hotline-12345', kind: 'inquiry', title: '咨询社保缴费', description: '您好，我想咨询一下灵活就业人员养老保险怎么缴费，在哪里办理？', address: '乌达区' },
  { channel: 'mayor-mailbox', kind: 'complaint', title: '学校乱收费', description: '尊敬的市长您好，孩子所在学校要求家长交资料费和补课费，不交就不让参加，请查处。', address: '海勃湾区凤凰岭街道' },
  { channel: 'hotline-12345', kind: 'complaint', title: '超市卖过期食品', description: '今天在小区超市买的牛奶过期了，找他们退还不给退，态度很差。', address: '乌达区五虎山街道', phone: '13500002222' },
  { channel: 'mini-program', kind: 'complaint', title: '停水没有通知', description: '从早上开始就停水了，一点通知都没有，家里老人做饭都成问题，什么时候来水？', point: { lat: 39.665, lng: 106.825 } },
  { channel: 'grid-worker-app', kind: 'report', title: '垃圾堆放未清运', description: '小区垃圾点好几天没有清运，垃圾堆成山，臭气熏天。', gridIndex: 20 },
  { channel: 'hotline-12345', kind: 'complaint', title: '夜间施工噪音扰民', description: '附近工地每天晚上十一点以后还在施工，噪音太大了根本睡不着觉。', address: '海勃湾区林荫街道' },
  { channel: 'hotline-12345', kind: 'help', title: '低保申请求助', description: '我家里老人生病，收入很低，想申请低保不知道需要什么材料，求帮助。', address: '海南区西卓子山街道' },
  { channel: 'web', kind: 'report', title: '电信诈骗', description: '接到冒充公检法的电话，说我涉嫌洗钱让我转账，我没转，但是担心其他老人上当，举报这个号码。', address: '乌达区' },
  { channel: 'mini-program', kind: 'complaint', title: '电梯经常故障', description: '我们楼的电梯一个月坏了三次，上次还把人困在里面，物业一直拖着不修。', gridIndex: 30 },
  { channel: 'hotline-12345', kind: 'dispute', title: '物业费纠纷', description: '物业服务很差，业主不愿意交物业费，物业就停了我们的门禁卡，双方矛盾很大。', address: '海勃湾区新华西街道' },
  { channel: 'grid-worker-app', kind: 'dispute', title: '婚姻家庭矛盾', description: '辖区一对夫妻因为家庭琐事经常吵架，最近闹到要离婚，双方老人也卷进来了。', gridIndex: 40 },
  { channel: 'hotline-12345', kind: 'complaint', title: '道路坑洼不平', description: '这条路上好多大坑，下雨天积水，车辆经过溅人一身泥，希望修一修。', address: '海勃湾区人民路' },
  { channel: 'mini-program', kind: 'report', title: '消防通道被占', description: '小区消防通道长期被私家车堵塞，万一着火消防车根本进不来。', point: { lat: 39.69, lng: 106.83 } },
  { channel: 'hotline-12345', kind: 'complaint', title: '出租车拒载', description: '在火车站打车，出租车司机嫌距离近拒载，还态度恶劣。', address: '乌海站' },
  { channel: 'web', kind: 'inquiry', title: '不动产登记咨询', description: '请问二手房过户办理不动产登记需要带哪些材料，大概多长时间能办完？', address: '海勃湾区' },
  { channel: 'hotline-12345', kind: 'complaint', title: '医院排队时间太长', description: '市医院挂号排队两个多小时，窗口就开了两个，希望改进服务。', address: '海勃湾区' },
  { channel: 'petition', kind: 'dispute', title: '征地补偿纠纷', description: '村里征地补偿款分配不公，部分村民意见很大，多次上访，请求调处。', address: '海南区公乌素镇' },
  { channel: 'mini-program', kind: 'complaint', title: '天然气费用异常', description: '这个月燃气费突然比上个月高了三倍，怀疑表有问题，请燃气公司来检查。', gridIndex: 50 },
  { channel: 'grid-worker-app', kind: 'report', title: '违章建筑', description: '巡查发现一楼住户私自在院子里搭建彩钢房，属于违章建筑。', gridIndex: 60 },
  { channel: 'hotline-12345', kind: 'help', title: '老人走失', description: '我父亲今天上午出门后一直没回来，有老年痴呆，请帮忙协助寻找。', address: '乌达区梁家沟街道', phone: '13947300000' },
  { channel: 'hotline-12345', kind: 'complaint', title: '扬尘污染', description: '附近砂石厂露天堆放没有覆盖，刮风时漫天灰尘，严重影响周边居民生活。', address: '乌达区' },
  { channel: 'mayor-mailbox', kind: 'suggestion', title: '建议增设健身器材', description: '社区广场健身器材太少而且很多都坏了，建议增设一些适合老年人的器材。', address: '海勃湾区滨河街道' },
  { channel: 'mini-program', kind: 'dispute', title: '交通事故赔偿纠纷', description: '上周电动车被小轿车剐蹭受伤，对方只愿意赔一点医药费，双方谈不拢。', point: { lat: 39.5, lng: 106.9 } },
  { channel: 'hotline-12345', kind: 'complaint', title: '宠物狗扰民', description: '邻居家养了好几条大狗，天天叫个不停，还不拴绳，吓到孩子了。', address: '海勃湾区海北街道' },
  { channel: 'web', kind: 'complaint', title: '价格欺诈', description: '旅游景点附近的饭店菜单不标价，结账时宰客，一盘菜要两百多。', address: '乌海湖' },
  { channel: 'grid-worker-app', kind: 'report', title: '草原被非法开垦', description: '巡查发现有人在草场上私自开垦种地，破坏草原。', gridIndex: 70 },
  { channel: 'hotline-12345', kind: 'inquiry', title: '随便问问', description: '你好，我想问一下明天天气怎么样？', address: '火星基地' },
];
