package cn.foshan.redline.cluster;

import static cn.foshan.redline.maps.LayerField.optional;
import static cn.foshan.redline.maps.LayerField.required;
import static cn.foshan.redline.maps.LayerField.text;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.maps.Queryable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The industrial clusters 工业集聚区: drawn, kept with their history, edited. */
@Configuration(proxyBeanMethods = false)
class ClusterLayer {

  @Bean
  FeatureLayer clusters() {
    return LayerDefinition.of("cluster", "cluster", "工业集聚区", "Industrial clusters")
        .drawn(0, 20)
        .table("industrial_cluster")
        .keepingHistory()
        .fields(
            text("code", "code", "编码", "Code"),
            required("name", "name", LayerField.Type.TEXT, "名称", "Name"),
            required("nameEn", "name_en", LayerField.Type.TEXT, "英文名称", "English name"),
            optional(
                "leadingIndustries",
                "leading_industries",
                LayerField.Type.TEXT_LIST,
                "主导产业（代码）",
                "Leading industries (codes)"),
            optional("flagship", "flagship", LayerField.Type.BOOLEAN, "旗舰园区", "Flagship"))
        .queryable("code", "集聚区编号 cluster code")
        .queryable("name", "名称 name")
        .queryable("nameEn", "English name")
        .queryable("flagship", "龙头园区 flagship")
        .queryable(Queryable.areaMu())
        .queryable(Queryable.version())
        .queryable(Queryable.updatedAt())
        .tileAttributes("code", "name", "flagship")
        .editable(
            new LayerDefinition.Editing("工业集聚区", "Industrial cluster", "JJQ", 500e6, 50_000, 10))
        .build();
  }
}
