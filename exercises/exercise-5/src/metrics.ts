// What the API tells Prometheus. app.ts already mounts observeRequests() before the routes and
// metricsRouter() beside them, and routes/schedule.ts already calls countScheduleGenerated():
// the work is all in this file. prom-client is installed; the names below are the contract that
// dashboards and alerts (exercise 6) are written against, so keep them exactly.
//
// TODO 1. A Registry of your own, with Node.js' default metrics in it (collectDefaultMetrics).
// 待办 1. 创建一个自己的 Registry，把 Node.js 的默认指标也注册进去（collectDefaultMetrics）。
// TODO 2. GET /metrics in metricsRouter(): the registry's content type and its metrics().
// 待办 2. 在 metricsRouter() 里提供 GET /metrics：返回这个 registry 的 content type 和它的 metrics()。
// TODO 3. http_requests_total, a Counter labelled method, route and status, counted in
//         observeRequests() once the response has been sent. The route label is the template
//         Express matched (/employees/:id), never the raw path.
// 待办 3. http_requests_total：一个带 method、route 和 status 标签的 Counter，在 observeRequests()
//         里等响应发送完毕后再计数。route 标签取 Express 匹配到的路由模板（/employees/:id），
//         绝不能用原始路径。
// TODO 4. http_request_duration_seconds, a Histogram with the same labels and buckets from a
//         few milliseconds up to seconds.
// 待办 4. http_request_duration_seconds：一个标签相同的 Histogram，桶（buckets）从几毫秒一直覆盖到几秒。
// TODO 5. db_pool_connections, a Gauge labelled state (total, idle, waiting), read from the
//         pool when Prometheus scrapes.
// 待办 5. db_pool_connections：一个带 state 标签（total、idle、waiting）的 Gauge，在 Prometheus
//         抓取时从连接池读取。
// TODO 6. schedules_generated_total, a Counter that countScheduleGenerated() increments.
// 待办 6. schedules_generated_total：一个由 countScheduleGenerated() 递增的 Counter。
import { Router, type RequestHandler } from 'express';
import type { Db } from './db.js';

/** Times and counts every request; mounted before the routes. */
export function observeRequests(): RequestHandler {
  return (_req, _res, next) => {
    next();
  };
}

/** GET /metrics, and the pool gauge, read at each scrape. */
export function metricsRouter(_db: Db): Router {
  return Router();
}

/** One weekly schedule generated. */
export function countScheduleGenerated(): void {}
