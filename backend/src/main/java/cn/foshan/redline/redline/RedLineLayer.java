package cn.foshan.redline.redline;

import static cn.foshan.redline.maps.LayerField.derived;
import static cn.foshan.redline.maps.LayerField.required;
import static cn.foshan.redline.maps.LayerField.text;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.maps.Queryable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The industrial-land red line 工业用地红线: drawn, kept with its history, edited. */
@Configuration(proxyBeanMethods = false)
class RedLineLayer {

  @Bean
  FeatureLayer redLine() {
    return LayerDefinition.of("redline", "red_line", "工业用地红线", "Industrial-land red line")
        .drawn(8, 30)
        .table("red_line")
        .keepingHistory()
        .fields(
            text("code", "code", "编码", "Code"),
            derived("districtCode", "district_code", LayerField.Type.TEXT, "区", "District"),
            derived("clusterId", "cluster_id", LayerField.Type.INTEGER, "集聚区", "Cluster"),
            required(
                "designatedOn", "designated_on", LayerField.Type.DATE, "划定日期", "Designated on"),
            text("documentNumber", "document_number", "文号", "Document no."))
        .queryable("code", "红线编号 red-line code")
        .queryable(Queryable.district())
        .queryable("clusterId", "工业集聚区 cluster id")
        .queryable("designatedOn", "划定日期 designated on")
        .queryable("documentNumber", "文号 document number")
        .queryable(Queryable.areaMu())
        .queryable(Queryable.version())
        .queryable(Queryable.updatedAt())
        .tileAttributes("code", "district_code")
        .editable(new LayerDefinition.Editing("工业用地红线", "Red line", "RL", 300e6, 50_000, 12))
        .build();
  }
}
