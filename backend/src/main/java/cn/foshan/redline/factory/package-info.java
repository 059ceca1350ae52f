/**
 * Commercial factory buildings 商品厂房: factories built on industrial land for sale or lease, followed
 * one stage at a time from industry introduction to output assessment (the database refuses any
 * other move and keeps the ledger), with their units sold or leased (whose sums are the building's
 * sold and leased areas). Writes are checked for role and version; alerts flag speculation,
 * vacancy, non-industrial occupants and output below the supervision agreement. Offers the {@code
 * factory_building} layer.
 */
package cn.foshan.redline.factory;
