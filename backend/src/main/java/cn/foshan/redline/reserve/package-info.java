/**
 * Reserve land 储备用地: contiguous state land readied as standard land (标准地); pieces move ACQUIRED →
 * PREPARING → READY → SUPPLIED → STARTED and only READY pieces count towards the rolling reserve of
 * 17,000 mu. Offers the {@code reserve_land} layer.
 */
package cn.foshan.redline.reserve;
