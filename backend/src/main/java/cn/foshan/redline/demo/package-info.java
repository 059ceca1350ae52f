/**
 * Loads the demo city (gis-data) when the database holds no districts yet, before the service takes
 * requests; {@code redline.demo.reload} replaces a demo city (never real data) with a new one.
 */
package cn.foshan.redline.demo;
