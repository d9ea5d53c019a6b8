// The ECS page: clusters; the selected cluster's services (desired, running and pending counts, deployments, latest
// events) with a desired-count action, and its tasks with a stop action.
// Runs on the browser's main thread.
import { ecs } from './api.js';
import { el, link, state, table } from './dom.js';

function chunks(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function lastPart(arn) {
  return String(arn || '').split('/').pop();
}

function time(epochSeconds) {
  return epochSeconds ? new Date(epochSeconds * 1000).toLocaleTimeString() : '';
}

async function servicesOf(cluster) {
  const arns = (await ecs('ListServices', { cluster, maxResults: 100 })).serviceArns || [];
  const described = await Promise.all(chunks(arns, 10).map(services => ecs('DescribeServices', { cluster, services })));
  return described.flatMap(d => d.services || []).sort((a, b) => a.serviceName.localeCompare(b.serviceName));
}

async function tasksOf(cluster) {
  const arns = (await ecs('ListTasks', { cluster, maxResults: 100 })).taskArns || [];
  const described = await Promise.all(chunks(arns, 100).map(tasks => ecs('DescribeTasks', { cluster, tasks })));
  return described.flatMap(d => d.tasks || []);
}

function desiredCountForm(cluster, service, act) {
  // no min attribute: the API is what validates, and its message is what the user sees
  const input = el('input', { type: 'number', class: 'count desired-input', value: service.desiredCount,
    'aria-label': 'desired count' });
  return el('form', { class: 'inline desired', onsubmit: event => {
    event.preventDefault();
    const count = Number(input.value);
    act(`Setting the desired count of ${service.serviceName} to ${input.value}`, () => ecs('UpdateService',
      { cluster, service: service.serviceName, desiredCount: Number.isInteger(count) ? count : input.value }));
  } }, 'Desired count', input, el('button', { type: 'submit', class: 'desired-submit' }, 'Update'));
}

function serviceSection(cluster, service, act) {
  return el('section', { class: 'service', 'data-service': service.serviceName },
    el('h2', {}, `Service ${service.serviceName} `, state(service.status)),
    el('p', {}, el('span', { class: 'counts' }, `desired ${service.desiredCount} · running ${service.runningCount} · `
      + `pending ${service.pendingCount}`), ` · task definition ${lastPart(service.taskDefinition)}`,
      (service.loadBalancers || []).map(lb => [' · target group ', lastPart(lb.targetGroupArn
        ? lb.targetGroupArn.split('/').slice(-2, -1)[0] : lb.loadBalancerName)])),
    desiredCountForm(cluster, service, act),
    el('h3', {}, 'Deployments'),
    table(['Id', 'Status', 'Task definition', 'Desired', 'Running', 'Pending', 'Rollout'], service.deployments || [],
      d => [el('td', { class: 'mono' }, d.id), el('td', {}, d.status), el('td', {}, lastPart(d.taskDefinition)),
        el('td', {}, d.desiredCount), el('td', {}, d.runningCount), el('td', {}, d.pendingCount),
        el('td', {}, d.rolloutState || '')]),
    el('h3', {}, 'Events'),
    table(['Time', 'Message'], (service.events || []).slice(0, 10),
      e => [el('td', {}, time(e.createdAt)), el('td', { class: 'event' }, e.message)], 'No events.'));
}

function taskAddress(task) {
  const container = (task.containers || [])[0] || {};
  const ip = ((container.networkInterfaces || [])[0] || {}).privateIpv4Address;
  const binding = (container.networkBindings || [])[0];
  return [ip || (binding && binding.bindIP), binding && binding.hostPort].filter(x => x).join(':');
}

function tasksSection(cluster, tasks, act) {
  return el('section', { id: 'tasks' }, el('h2', {}, 'Tasks'),
    table(['Task', 'Group', 'Last status', 'Desired status', 'Health', 'Address', 'Started', ''], tasks, task => {
      const id = lastPart(task.taskArn);
      return el('tr', { 'data-task': id },
        el('td', { class: 'mono' }, id), el('td', {}, task.group || ''),
        el('td', { class: 'last-status' }, state(task.lastStatus)), el('td', {}, task.desiredStatus),
        el('td', {}, task.healthStatus || ''), el('td', { class: 'mono' }, taskAddress(task)),
        el('td', {}, time(task.startedAt)),
        el('td', {}, task.desiredStatus === 'STOPPED' ? '' : el('button', { type: 'button', class: 'danger stop-task',
          onclick: () => act(`Stopping task ${id}`, () => ecs('StopTask',
            { cluster, task: task.taskArn, reason: 'Stopped from the Ballast console' })) }, 'Stop')));
    }, 'No tasks.'));
}

/** The page; selected is the name of the cluster to show (the first one when none is). */
export async function ecsPage({ act }, [selected]) {
  const clusterArns = (await ecs('ListClusters', {})).clusterArns || [];
  const clusters = clusterArns.length ? (await ecs('DescribeClusters', { clusters: clusterArns })).clusters || [] : [];
  const list = el('section', {}, el('h1', {}, 'ECS clusters'),
    table(['Cluster', 'Status', 'Services', 'Running tasks', 'Pending tasks'], clusters, c => [
      el('td', {}, link(c.clusterName, 'ecs', c.clusterName)), el('td', {}, state(c.status)),
      el('td', {}, c.activeServicesCount), el('td', {}, c.runningTasksCount), el('td', {}, c.pendingTasksCount)],
    'No clusters yet.'));
  const cluster = clusters.find(c => c.clusterName === selected) || clusters[0];
  if (!cluster) return [list];
  const [services, tasks] = await Promise.all([servicesOf(cluster.clusterName), tasksOf(cluster.clusterName)]);
  return [list, ...services.map(s => serviceSection(cluster.clusterName, s, act)),
    tasksSection(cluster.clusterName, tasks, act)];
}
