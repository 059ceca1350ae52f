/**
 * Find things 查找: one search over the codes and names of parcels, enterprises, clusters, red line,
 * reserve land, village parks and the 文号 of committed change sets; reads their tables in SQL only.
 */
package cn.foshan.redline.search;
