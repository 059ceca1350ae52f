package cn.foshan.redline.parcel;

import static cn.foshan.redline.maps.LayerField.code;
import static cn.foshan.redline.maps.LayerField.coded;
import static cn.foshan.redline.maps.LayerField.derived;
import static cn.foshan.redline.maps.LayerField.optional;
import static cn.foshan.redline.maps.LayerField.required;
import static cn.foshan.redline.maps.LayerField.text;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.maps.Queryable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Parcels 宗地: drawn, kept with their history, edited. */
@Configuration(proxyBeanMethods = false)
class ParcelLayer {

  @Bean
  FeatureLayer parcel() {
    return LayerDefinition.of("parcel", "parcel", "宗地", "Parcels")
        .drawn(13, 60)
        .table("parcel")
        .keepingHistory()
        .fields(
            text("code", "code", "编码", "Code"),
            derived("districtCode", "district_code", LayerField.Type.TEXT, "区", "District"),
            derived("townCode", "town_code", LayerField.Type.TEXT, "镇街", "Town"),
            derived("clusterId", "cluster_id", LayerField.Type.INTEGER, "集聚区", "Cluster"),
            // land uses an editor may give a parcel: the current classification (国土空间用地用海分类
            // 2023) first, then the GB/T 21010-2017 codes of the surveys, kept with their mapping
            // (land_use.maps_to, V26)
            coded(
                "landUse",
                "land_use",
                true,
                "用途",
                "Land use",
                code("1001", "工业用地", "Industrial land"),
                code("100101", "一类工业用地", "Class-1 industrial land"),
                code("100102", "二类工业用地", "Class-2 industrial land"),
                code("100103", "三类工业用地", "Class-3 industrial land"),
                code("1002", "采矿用地", "Mining land"),
                code("1101", "物流仓储用地", "Logistics and warehousing land"),
                code("0601", "工业用地（GB/T 21010）", "Industrial (GB/T 21010)"),
                code("0602", "采矿用地（GB/T 21010）", "Mining (GB/T 21010)"),
                code("0604", "仓储用地（GB/T 21010）", "Warehousing (GB/T 21010)")),
            coded(
                "grantType",
                "grant_type",
                true,
                "供地方式",
                "Grant type",
                code("GRANT", "出让", "Grant"),
                code("LEASE", "租赁", "Lease"),
                code("ALLOCATION", "划拨", "Allocation")),
            required("grantedOn", "granted_on", LayerField.Type.DATE, "供地日期", "Granted on"),
            optional(
                "grantTermYears",
                "grant_term_years",
                LayerField.Type.INTEGER,
                "出让年限（年）",
                "Grant term (years)"),
            optional(
                "worksStartedOn",
                "works_started_on",
                LayerField.Type.DATE,
                "动工日期",
                "Works started"),
            optional("completedOn", "completed_on", LayerField.Type.DATE, "竣工日期", "Completed"),
            optional(
                "productionStartedOn",
                "production_started_on",
                LayerField.Type.DATE,
                "投产日期",
                "Production started"),
            optional(
                "floorAreaM2",
                "floor_area_m2",
                LayerField.Type.DECIMAL,
                "建筑面积（m²）",
                "Floor area (m²)"))
        .queryable("code", "宗地编号 parcel code")
        .queryable(Queryable.district())
        .queryable(Queryable.town())
        .queryable("clusterId", "工业集聚区 cluster id")
        .queryable("landUse", "用地类型 land use code")
        .queryable("grantType", "供地方式 GRANT, LEASE, ALLOCATION")
        .queryable("grantedOn", "供地日期 granted on")
        .queryable("worksStartedOn", "动工 start of works")
        .queryable("completedOn", "竣工 completion")
        .queryable("productionStartedOn", "投产 start of production")
        .queryable("floorAreaM2", "建筑面积 floor area, m²")
        .queryable(Queryable.areaMu())
        .queryable(Queryable.version())
        .queryable(Queryable.updatedAt())
        .tileAttributes("code", "district_code")
        .editable(new LayerDefinition.Editing("宗地", "Parcel", "ZD", 20e6, 20_000, 15))
        .build();
  }
}
