/**
 * The industrial-land red line 工业用地红线 and its quota: every district keeps at least its minimum (禅城
 * 21, 南海 190, 顺德 111, 三水 75, 高明 53 km²) and the city at least 450 km², measured as ellipsoidal
 * area; a district within the warning margin of its minimum is flagged. Only committed red line
 * counts. Offers the {@code red_line} layer.
 */
package cn.foshan.redline.redline;
