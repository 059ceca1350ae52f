/**
 * 集聚连片 contiguity: how fragmented the red line and the industrial land (the parcel ledger) are, per
 * district and per cluster. A patch is a connected set of pieces (polygons) of the layer in one
 * unit, pieces at most the gap tolerance apart counting as connected; each unit has its number of
 * patches, their mean and largest size, and the share of its area in patches of at least the big
 * block size. Now, as of a moment, at each year's end (the history), and before and after a change
 * set (does an edit fragment the red line?).
 */
package cn.foshan.redline.contiguity;
