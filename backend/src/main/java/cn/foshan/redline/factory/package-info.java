/**
 * Commercial factory buildings 商品厂房: factories built on industrial land for sale or lease, followed
 * from industry introduction to output assessment. Offers the {@code factory_building} layer.
 */
package cn.foshan.redline.factory;
