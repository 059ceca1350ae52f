package cn.foshan.redline.planning;

import static cn.foshan.redline.maps.LayerField.code;
import static cn.foshan.redline.maps.LayerField.coded;
import static cn.foshan.redline.maps.LayerField.derived;
import static cn.foshan.redline.maps.LayerField.optional;
import static cn.foshan.redline.maps.LayerField.text;
import static cn.foshan.redline.maps.LayerStyle.colour;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.maps.LayerStyle;
import cn.foshan.redline.maps.Queryable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Planning zones 国土空间规划分区: drawn under the land layers, coloured by use as planning maps colour
 * them, kept with history, edited and imported.
 */
@Configuration(proxyBeanMethods = false)
class PlanningZoneLayer {

  @Bean
  FeatureLayer planningZone() {
    return LayerDefinition.of("planning", "planning_zone", "国土空间规划分区", "Planning zones")
        .drawn(9, 15)
        .offAtStart()
        .table("planning_zone")
        .keepingHistory()
        .fields(
            text("code", "code", "编码", "Code"),
            text("name", "name", "名称", "Name"),
            coded(
                "zoneType",
                "zone_type",
                true,
                "规划分区",
                "Zone",
                code("INDUSTRIAL", "工业发展区", "Industrial"),
                code("LOGISTICS", "物流仓储区", "Logistics and warehousing"),
                code("RESIDENTIAL", "居住生活区", "Residential"),
                code("COMMERCIAL", "商业商务区", "Commercial"),
                code("SERVICE", "综合服务区", "Public services"),
                code("GREEN", "绿地休闲区", "Green space"),
                code("TRANSPORT", "交通枢纽区", "Transport hub"),
                code("RESERVED", "战略预留区", "Strategic reserve"),
                code("RURAL", "乡村发展区", "Rural development"),
                code("FARMLAND", "农田保护区", "Farmland protection"),
                code("ECOLOGICAL_CONTROL", "生态控制区", "Ecological control"),
                code("ECOLOGICAL_PROTECTION", "生态保护区", "Ecological protection")),
            text("planName", "plan_name", "所属规划", "Plan"),
            optional("approvedOn", "approved_on", LayerField.Type.DATE, "批准日期", "Approved on"),
            text("documentNumber", "document_number", "批准文号", "Document no."),
            derived("districtCode", "district_code", LayerField.Type.TEXT, "区", "District"))
        .queryable("code", "分区编号 zone code")
        .queryable("zoneType", "规划分区 zone type (INDUSTRIAL, RESIDENTIAL, …)")
        .queryable("planName", "所属规划 plan")
        .queryable(Queryable.district())
        .queryable(Queryable.areaMu())
        .queryable(Queryable.version())
        .queryable(Queryable.updatedAt())
        .tileAttributes("code", "zone_type", "district_code")
        // the colours of Chinese land-use planning maps (GB/T 21010 and the planning guidelines'
        // palette, lightened to lie under the land layers)
        .style(
            LayerStyle.byCode(
                "zone_type",
                "#d9d9d9",
                "#8c8c8c",
                0.35,
                colour("INDUSTRIAL", "#bb96c9"),
                colour("LOGISTICS", "#9e8fc4"),
                colour("RESIDENTIAL", "#f5e07a"),
                colour("COMMERCIAL", "#f08a8a"),
                colour("SERVICE", "#f2a3c7"),
                colour("GREEN", "#8fd18f"),
                colour("TRANSPORT", "#b8b8b8"),
                colour("RESERVED", "#e6e6e6"),
                colour("RURAL", "#f7d6a8"),
                colour("FARMLAND", "#d7ef9b"),
                colour("ECOLOGICAL_CONTROL", "#a6d8b8"),
                colour("ECOLOGICAL_PROTECTION", "#4fa86a")))
        .editable(new LayerDefinition.Editing("规划分区", "Planning zone", "PZ", 500e6, 50_000, 11))
        .build();
  }
}
