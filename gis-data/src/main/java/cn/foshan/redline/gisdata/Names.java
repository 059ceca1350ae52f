package cn.foshan.redline.gisdata;

/** Plausible Chinese names for villages, enterprises and land pieces. */
final class Names {

  private static final String[] PLACE_FIRST = {
    "沙", "石", "大", "小", "东", "西", "南", "北", "新", "上", "下", "龙", "凤", "平", "安", "和", "兴",
    "华", "富", "联", "江", "湾", "岗", "塘", "洲", "涌", "滘", "基", "岑", "罗", "黄", "高", "白", "金",
    "水", "冲", "旗", "鹤", "桂", "莲"
  };

  private static final String[] PLACE_SECOND = {
    "头", "边", "口", "围", "坑", "塘", "岗", "洲", "涌", "滘", "基", "村", "田", "湾", "沙", "坊", "岸", "溪", "山",
    "林", "庄", "埠", "桥", "元", "美", "安", "和", "丰"
  };

  private static final String[] BRAND_FIRST = {
    "宏", "华", "伟", "金", "永", "新", "鸿", "恒", "富", "荣", "嘉", "盛", "德", "联", "顺", "美", "佳",
    "汇", "科", "创", "信", "隆", "泰", "达", "锐", "海", "天", "凯", "瑞", "利", "万", "众", "中", "广",
    "南", "粤", "佛", "禅", "力", "捷"
  };

  private static final String[] BRAND_SECOND = {
    "达", "美", "业", "辉", "盛", "锐", "运", "通", "源", "发", "泰", "丰", "兴", "昌", "宇", "鑫", "诚", "成", "远",
    "腾", "智", "博", "邦", "晟", "航", "峰", "聚", "合", "奥", "迪"
  };

  private Names() {}

  static String place(Rng rng) {
    String first = PLACE_FIRST[rng.integer(0, PLACE_FIRST.length - 1)];
    String second;
    do {
      second = PLACE_SECOND[rng.integer(0, PLACE_SECOND.length - 1)];
    } while (second.equals(first));
    return first + second;
  }

  static String brand(Rng rng) {
    String first = BRAND_FIRST[rng.integer(0, BRAND_FIRST.length - 1)];
    String second;
    do {
      second = BRAND_SECOND[rng.integer(0, BRAND_SECOND.length - 1)];
    } while (second.equals(first));
    return first + second;
  }

  /** The words for an enterprise of an industry division, e.g. "电器" for 38. */
  static String trade(String industry, Rng rng) {
    String[] words =
        switch (industry) {
          case "13", "14" -> new String[] {"食品", "调味品", "粮油"};
          case "15" -> new String[] {"酒业", "饮料", "茶业"};
          case "17" -> new String[] {"纺织", "织造", "针织"};
          case "18" -> new String[] {"服装", "制衣", "牛仔服饰"};
          case "19" -> new String[] {"鞋业", "皮具"};
          case "20" -> new String[] {"木业", "竹木制品"};
          case "21" -> new String[] {"家具", "家居", "红木家具"};
          case "22", "23" -> new String[] {"纸品", "包装印刷"};
          case "24" -> new String[] {"工艺品", "文体用品", "玩具"};
          case "26" -> new String[] {"化工", "涂料", "新材料"};
          case "27" -> new String[] {"制药", "生物科技", "医药"};
          case "29" -> new String[] {"塑料", "橡胶制品", "塑胶"};
          case "30" -> new String[] {"陶瓷", "建材", "玻璃"};
          case "31" -> new String[] {"钢铁", "不锈钢", "钢材"};
          case "32" -> new String[] {"铝业", "铝材", "有色金属"};
          case "33" -> new String[] {"五金", "金属制品", "门窗"};
          case "34" -> new String[] {"机械", "通用设备", "阀门"};
          case "35" -> new String[] {"机械装备", "智能装备", "木工机械"};
          case "36" -> new String[] {"汽车零部件", "汽车配件"};
          case "37" -> new String[] {"航空装备", "船舶配件", "轨道交通装备"};
          case "38" -> new String[] {"电器", "电机", "照明", "家电"};
          case "39" -> new String[] {"电子", "通信科技", "智能科技"};
          case "40" -> new String[] {"仪器仪表", "精密仪器"};
          case "41", "42", "43" -> new String[] {"实业", "再生资源", "设备维修"};
          case "44", "45", "46" -> new String[] {"能源", "热电", "水务"};
          case "59" -> new String[] {"仓储物流", "供应链"};
          default -> new String[] {"实业"};
        };
    return words[rng.integer(0, words.length - 1)];
  }
}
