/**
 * What every capability stands on: the connection to PostGIS (DATABASE_URL, creating the database
 * when it is missing), SQL kept in files, and errors as RFC 9457 problem details with a stable type
 * and a message a person understands. It depends on no other capability.
 */
package cn.foshan.redline.system;
