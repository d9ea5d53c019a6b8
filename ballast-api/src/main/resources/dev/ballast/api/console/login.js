// The sign-in form, shown when the server asks for SigV4 signatures: the access key and secret are tried with one
// signed call before they are kept; the API's own error (e.g. SignatureDoesNotMatch) is shown when they fail.
// Runs on the browser's main thread.
import { ApiError, elbv2, signIn, signOut } from './api.js';

const form = () => document.getElementById('login');

/** Shows the form (with error, the message of the call that failed, if any) and resolves once signed in. */
export function askForCredentials(error) {
  const errorLine = document.getElementById('login-error');
  errorLine.hidden = !error;
  errorLine.textContent = error || '';
  form().hidden = false;
  return new Promise(resolve => {
    const submit = async event => {
      event.preventDefault();
      signIn({
        accessKeyId: document.getElementById('login-key').value.trim(),
        secretAccessKey: document.getElementById('login-secret').value,
        region: document.getElementById('login-region').value.trim(),
      });
      try {
        await elbv2('DescribeLoadBalancers', { PageSize: 1 });
      } catch (e) {
        signOut();
        errorLine.textContent = e instanceof ApiError ? e.describe() : String(e.message || e);
        errorLine.hidden = false;
        return;
      }
      document.getElementById('login-secret').value = '';
      form().hidden = true;
      form().removeEventListener('submit', submit);
      resolve();
    };
    form().addEventListener('submit', submit);
  });
}
