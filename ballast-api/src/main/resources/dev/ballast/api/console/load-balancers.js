// The load balancers page: every load balancer with its state, DNS name, scheme, type, addresses (a network load balancer's, as AWS shows them) and tags; the
// selected one's listeners with their rules, and its charts.
// Runs on the browser's main thread.
import { childText, elbv2, items } from './api.js';
import { el, link, state, table } from './dom.js';
import { loadBalancerCharts } from './monitoring.js';

/** Tags of each ARN: Map arn -> [[key, value]] (DescribeTags takes 20 ARNs a call). */
async function tagsOf(arns) {
  const tags = new Map();
  for (let i = 0; i < arns.length; i += 20) {
    const params = {};
    arns.slice(i, i + 20).forEach((arn, n) => { params[`ResourceArns.member.${n + 1}`] = arn; });
    const result = await elbv2('DescribeTags', params);
    for (const d of items(result, 'TagDescriptions')) {
      tags.set(childText(d, 'ResourceArn'), items(d, 'Tags').map(t => [childText(t, 'Key'), childText(t, 'Value')]));
    }
  }
  return tags;
}

/** key=value, one per line. */
function tagList(tags) {
  return el('ul', { class: 'tags' }, (tags || []).map(([k, v]) => el('li', {}, `${k}=${v}`)));
}

/** The name of a target group from its ARN (…:targetgroup/name/id). */
function targetGroupName(arn) {
  const parts = arn.split('/');
  return parts.length >= 3 ? parts[parts.length - 2] : arn;
}

function describeAction(action) {
  const type = childText(action, 'Type');
  if (type === 'forward') {
    const groups = items(action.querySelector('ForwardConfig') || action, 'TargetGroups');
    const arns = groups.length ? groups.map(g => [childText(g, 'TargetGroupArn'), childText(g, 'Weight')])
      : [[childText(action, 'TargetGroupArn'), '']];
    return el('span', {}, 'forward to ', arns.map(([arn, weight], i) => [i ? ', ' : '',
      link(targetGroupName(arn), 'target-groups', arn), weight && arns.length > 1 ? ` (weight ${weight})` : '']));
  }
  if (type === 'redirect') {
    const r = action.querySelector('RedirectConfig');
    return `redirect ${childText(r, 'StatusCode')} to ${childText(r, 'Protocol')}://${childText(r, 'Host')}:`
      + `${childText(r, 'Port')}${childText(r, 'Path')}?${childText(r, 'Query')}`;
  }
  if (type === 'fixed-response') {
    const f = action.querySelector('FixedResponseConfig');
    const body = childText(f, 'MessageBody');
    return `fixed response ${childText(f, 'StatusCode')}${body ? ` "${body}"` : ''}`;
  }
  return type;
}

function describeCondition(condition) {
  // every leaf value under the condition, whichever *Config element holds it; query strings as key=value
  const values = Array.from(condition.getElementsByTagName('member')).map(m => (m.children.length
    ? `${childText(m, 'Key')}=${childText(m, 'Value')}` : m.textContent));
  const header = condition.querySelector('HttpHeaderName');
  return `${childText(condition, 'Field')}${header ? ' ' + header.textContent : ''}: ${[...new Set(values)].join(', ')}`;
}

async function listenerSection(listener) {
  const arn = childText(listener, 'ListenerArn');
  const rules = items(await elbv2('DescribeRules', { ListenerArn: arn }), 'Rules');
  return el('div', { class: 'listener' },
    el('h3', {}, `${childText(listener, 'Protocol')}:${childText(listener, 'Port')}`),
    table(['Priority', 'Conditions', 'Actions'], rules, rule => [
      el('td', {}, childText(rule, 'Priority')),
      el('td', {}, items(rule, 'Conditions').map(c => el('div', {}, describeCondition(c)))),
      el('td', {}, items(rule, 'Actions').map(a => el('div', {}, describeAction(a))))]));
}

async function detail(lb, history) {
  const arn = childText(lb, 'LoadBalancerArn');
  const listeners = items(await elbv2('DescribeListeners', { LoadBalancerArn: arn }), 'Listeners');
  return [
    el('section', { id: 'listeners' }, el('h2', {}, `Listeners of ${childText(lb, 'LoadBalancerName')}`),
      listeners.length ? await Promise.all(listeners.map(listenerSection)) : el('p', { class: 'muted' }, 'None')),
    el('section', { id: 'monitoring' }, el('h2', {}, 'Monitoring'),
      loadBalancerCharts(history, arn, childText(lb, 'Type')))];
}

function addresses(lb) {
  return items(lb, 'AvailabilityZones').flatMap(zone => items(zone, 'LoadBalancerAddresses')
    .map(a => childText(a, 'IpAddress'))).filter(a => a);
}

/** The page; selected is the ARN of the load balancer to show in detail, if any. */
export async function loadBalancersPage({ history }, [selected]) {
  const lbs = items(await elbv2('DescribeLoadBalancers'), 'LoadBalancers');
  const tags = await tagsOf(lbs.map(lb => childText(lb, 'LoadBalancerArn')));
  const list = el('section', {}, el('h1', {}, 'Load balancers'),
    table(['Name', 'State', 'DNS name', 'Scheme', 'Type', 'Addresses', 'Tags'], lbs, lb => {
      const arn = childText(lb, 'LoadBalancerArn');
      const name = childText(lb, 'LoadBalancerName');
      return el('tr', { 'data-name': name },
        el('td', { class: 'name' }, link(name, 'load-balancers', arn)),
        el('td', { class: 'state' }, state(childText(lb.querySelector('State'), 'Code'))),
        el('td', { class: 'mono dns' }, childText(lb, 'DNSName')),
        el('td', {}, childText(lb, 'Scheme')),
        el('td', {}, childText(lb, 'Type')),
        el('td', { class: 'mono' }, addresses(lb).join(', ')),
        el('td', { class: 'tags' }, tagList(tags.get(arn))));
    }, 'No load balancers yet.'));
  const chosen = lbs.find(lb => childText(lb, 'LoadBalancerArn') === selected);
  return chosen ? [list, ...await detail(chosen, history)] : [list];
}
