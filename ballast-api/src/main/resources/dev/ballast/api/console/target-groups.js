// The target groups page: every target group with its health check and load balancers; the selected one's targets
// with each one's health state, reason and description (refreshed with the page), register/deregister actions and
// its charts.
// Runs on the browser's main thread.
import { childText, elbv2, items } from './api.js';
import { el, link, state, table } from './dom.js';
import { targetGroupCharts } from './monitoring.js';

function targetName(description) {
  const target = description.querySelector('Target');
  const port = childText(target, 'Port');
  return childText(target, 'Id') + (port ? ':' + port : '');
}

function targetsTable(arn, health, act) {
  return table(['Target', 'Zone', 'Health', 'Reason', 'Description', ''], health, d => {
    const target = d.querySelector('Target');
    const h = d.querySelector('TargetHealth');
    const id = childText(target, 'Id');
    const port = childText(target, 'Port');
    return el('tr', { 'data-target': targetName(d) },
      el('td', { class: 'mono target' }, targetName(d)),
      el('td', {}, childText(target, 'AvailabilityZone')),
      el('td', { class: 'health' }, state(childText(h, 'State'))),
      el('td', { class: 'reason' }, childText(h, 'Reason')),
      el('td', { class: 'description' }, childText(h, 'Description')),
      el('td', {}, el('button', { type: 'button', class: 'danger deregister', onclick: () => act(
        `Deregistering ${targetName(d)}`,
        () => elbv2('DeregisterTargets', { TargetGroupArn: arn, 'Targets.member.1.Id': id,
          ...(port ? { 'Targets.member.1.Port': port } : {}) })) }, 'Deregister')));
  }, 'No targets registered.');
}

function registerForm(arn, act) {
  const id = el('input', { name: 'id', id: 'register-id', placeholder: 'IP address or instance id', required: true });
  const port = el('input', { name: 'port', id: 'register-port', class: 'count', placeholder: 'port' });
  return el('form', { class: 'inline', id: 'register', onsubmit: event => {
    event.preventDefault();
    const params = { TargetGroupArn: arn, 'Targets.member.1.Id': id.value.trim() };
    if (port.value.trim() !== '') params['Targets.member.1.Port'] = port.value.trim();
    act(`Registering ${id.value.trim()}`, () => elbv2('RegisterTargets', params));
  } }, 'Register a target:', id, port, el('button', { type: 'submit', id: 'register-submit' }, 'Register'));
}

async function detail(group, { history, act }) {
  const arn = childText(group, 'TargetGroupArn');
  const health = items(await elbv2('DescribeTargetHealth', { TargetGroupArn: arn }), 'TargetHealthDescriptions');
  return [
    el('section', { id: 'targets' }, el('h2', {}, `Targets of ${childText(group, 'TargetGroupName')}`),
      targetsTable(arn, health, act), registerForm(arn, act)),
    el('section', { id: 'monitoring' }, el('h2', {}, 'Monitoring'), targetGroupCharts(history, arn))];
}

/** The page; selected is the ARN of the target group to show in detail, if any. */
export async function targetGroupsPage(context, [selected]) {
  const groups = items(await elbv2('DescribeTargetGroups'), 'TargetGroups');
  const list = el('section', {}, el('h1', {}, 'Target groups'),
    table(['Name', 'Protocol', 'Port', 'Target type', 'Health check', 'Load balancers'], groups, g => {
      const name = childText(g, 'TargetGroupName');
      return el('tr', { 'data-name': name },
        el('td', { class: 'name' }, link(name, 'target-groups', childText(g, 'TargetGroupArn'))),
        el('td', {}, childText(g, 'Protocol')),
        el('td', {}, childText(g, 'Port')),
        el('td', {}, childText(g, 'TargetType')),
        el('td', { class: 'mono' }, `${childText(g, 'HealthCheckProtocol')} ${childText(g, 'HealthCheckPath')} every `
          + `${childText(g, 'HealthCheckIntervalSeconds')} s`),
        el('td', {}, items(g, 'LoadBalancerArns').map(a => el('div', {},
          link(a.textContent.split('/').slice(-2, -1)[0] || a.textContent, 'load-balancers', a.textContent)))));
    }, 'No target groups yet.'));
  const chosen = groups.find(g => childText(g, 'TargetGroupArn') === selected);
  return chosen ? [list, ...await detail(chosen, context)] : [list];
}
