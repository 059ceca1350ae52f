/**
 * Village-level industrial parks 村级工业园 and their renovation: type (full, light, comprehensive),
 * annual plan year, status, and the 33 projects becoming modern parks of over 1,000 mu. Offers the
 * {@code village_park} layer.
 */
package cn.foshan.redline.renovation;
