// The charts of a load balancer or target group, from /metrics with CloudWatch's metric names (docs/metrics.md):
// request rate, TargetResponseTime percentiles, 4XX/5XX rates and healthy hosts.
// Runs on the browser's main thread.
import { el } from './dom.js';
import { lineChart } from './chart.js';
import { quantile, rate, total } from './metrics.js';

/** The load_balancer label of an ARN: app/name/id or net/name/id. */
export function loadBalancerLabel(arn) {
  return arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
}

/** The target_group label of an ARN: targetgroup/name/id. */
export function targetGroupLabel(arn) {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

function latency(history, prefix, match) {
  const name = prefix + 'target_response_time_seconds';
  return lineChart('Target response time', 's', [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]].map(([label, q]) => ({
    name: label, points: history.between((a, b) => quantile(a, b, name, match, q)) })));
}

function counters(history, title, unit, match, series) {
  return lineChart(title, unit, series.map(([label, name]) => ({
    name: label, points: history.between((a, b) => rate(a, b, name, match)) })));
}

function hosts(history, prefix, match) {
  return lineChart('Healthy hosts', '', [['healthy', 'healthy_host_count'], ['unhealthy', 'unhealthy_host_count']]
    .map(([label, name]) => ({ name: label, points: history.each(s => total(s.samples, prefix + name, match)) })));
}

/** The charts of the load balancer with this ARN and type (application or network). */
export function loadBalancerCharts(history, arn, type) {
  const match = { load_balancer: loadBalancerLabel(arn) };
  if (type === 'network') {
    return el('div', { class: 'charts' },
      counters(history, 'New flows', '/s', match, [['flows', 'ballast_nlb_new_flow_count_total']]),
      counters(history, 'Resets', '/s', match, [['client', 'ballast_nlb_tcp_client_reset_count_total'],
        ['target', 'ballast_nlb_tcp_target_reset_count_total'], ['elb', 'ballast_nlb_tcp_elb_reset_count_total']]),
      hosts(history, 'ballast_nlb_', match));
  }
  return el('div', { class: 'charts' },
    counters(history, 'Requests', '/s', match, [['requests', 'ballast_alb_request_count_total']]),
    latency(history, 'ballast_alb_', match),
    counters(history, 'Errors', '/s', match, [['ELB 4XX', 'ballast_alb_httpcode_elb_4xx_count_total'],
      ['ELB 5XX', 'ballast_alb_httpcode_elb_5xx_count_total'],
      ['target 4XX', 'ballast_alb_httpcode_target_4xx_count_total'],
      ['target 5XX', 'ballast_alb_httpcode_target_5xx_count_total']]),
    hosts(history, 'ballast_alb_', match));
}

/** The charts of the target group with this ARN (over every load balancer that forwards to it). */
export function targetGroupCharts(history, arn) {
  const match = { target_group: targetGroupLabel(arn) };
  return el('div', { class: 'charts' },
    counters(history, 'Requests', '/s', match, [['requests', 'ballast_alb_target_group_request_count_total']]),
    latency(history, 'ballast_alb_', match),
    counters(history, 'Target errors', '/s', match, [['4XX', 'ballast_alb_httpcode_target_4xx_count_total'],
      ['5XX', 'ballast_alb_httpcode_target_5xx_count_total'],
      ['connection errors', 'ballast_alb_target_connection_error_count_total']]),
    lineChart('Healthy hosts', '', [['healthy', 'healthy_host_count'], ['unhealthy', 'unhealthy_host_count']]
      .map(([label, name]) => ({ name: label, points: history.each(s => total(s.samples, 'ballast_alb_' + name, match)
        + total(s.samples, 'ballast_nlb_' + name, match)) }))));
}
