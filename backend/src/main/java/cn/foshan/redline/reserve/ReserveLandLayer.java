package cn.foshan.redline.reserve;

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

/** Reserve land 储备用地: drawn by stage, kept with its history, edited. */
@Configuration(proxyBeanMethods = false)
class ReserveLandLayer {

  @Bean
  FeatureLayer reserveLand() {
    return LayerDefinition.of("reserve", "reserve_land", "储备用地", "Reserve land")
        .drawn(9, 40)
        .table("reserve_land")
        .keepingHistory()
        .fields(
            text("code", "code", "编码", "Code"),
            required("name", "name", LayerField.Type.TEXT, "名称", "Name"),
            derived("districtCode", "district_code", LayerField.Type.TEXT, "区", "District"),
            // the stages in the order a piece passes them
            coded(
                "stage",
                "stage",
                true,
                "阶段",
                "Stage",
                code("ACQUIRED", "收储", "Acquired"),
                code("PREPARING", "整备", "Preparing"),
                code("READY", "达标", "Ready"),
                code("SUPPLIED", "供地", "Supplied"),
                code("STARTED", "开工", "Started")),
            required("stageSince", "stage_since", LayerField.Type.DATE, "阶段起始", "Stage since"),
            coded(
                "ownership",
                "ownership",
                true,
                "权属",
                "Ownership",
                code("STATE", "国有", "State"),
                code("COLLECTIVE", "集体", "Collective")),
            optional(
                "investmentPerMu",
                "investment_per_mu",
                LayerField.Type.DECIMAL,
                "投资强度（万元/亩）",
                "Investment (10k CNY/mu)"),
            optional(
                "outputPerMu",
                "output_per_mu",
                LayerField.Type.DECIMAL,
                "亩均产值（万元/亩）",
                "Output (10k CNY/mu)"),
            optional(
                "taxPerMu",
                "tax_per_mu",
                LayerField.Type.DECIMAL,
                "亩均税收（万元/亩）",
                "Tax (10k CNY/mu)"),
            optional(
                "plotRatioMin",
                "plot_ratio_min",
                LayerField.Type.DECIMAL,
                "容积率下限",
                "Min. plot ratio"),
            optional(
                "energyPer10kCnyTce",
                "energy_per_10k_cny_tce",
                LayerField.Type.DECIMAL,
                "单位产值能耗（吨标煤/万元）",
                "Energy (tce/10k CNY)"),
            text("environmentalTerms", "environmental_terms", "环保要求", "Environmental terms"))
        .queryable("code", "储备地块编号 reserve piece code")
        .queryable("name", "名称 name")
        .queryable(Queryable.district())
        .queryable("stage", "阶段 ACQUIRED, PREPARING, READY, SUPPLIED, STARTED")
        .queryable("stageSince", "进入阶段日期 in its stage since")
        .queryable("ownership", "权属 STATE, COLLECTIVE")
        .queryable("investmentPerMu", "固定资产投资强度 investment per mu, 万元/亩")
        .queryable("taxPerMu", "亩均税收 tax per mu, 万元/亩")
        .queryable(Queryable.areaMu())
        .queryable(Queryable.version())
        .queryable(Queryable.updatedAt())
        .tileAttributes("code", "name", "district_code", "stage")
        .editable(new LayerDefinition.Editing("储备用地", "Reserve land", "CB", 20e6, 20_000, 12))
        .build();
  }
}
