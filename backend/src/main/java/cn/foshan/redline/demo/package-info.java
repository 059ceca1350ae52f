/**
 * Loads the demo city (gis-data) when no layer holds anything yet, before the service takes
 * requests; {@code redline.demo.reload} replaces a demo city (never real data) with a new one.
 */
package cn.foshan.redline.demo;
