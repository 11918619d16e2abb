// A standard SOAP toolkit (node-soap) consumes mock-egov's SyncChannel WSDL and calls SendMessage:
// GBDFL for a catalogue person (the answer must list them and correlate), then an unknown
// serviceId (the fault must carry its ErrorInfo). Usage: node call.js http://127.0.0.1:18082
'use strict';
const soap = require('soap');
const assert = require('node:assert/strict');

const base = (process.argv[2] || 'http://127.0.0.1:8082').replace(/\/$/, '');
const iin = '900101300017';

function message(serviceId, messageId) {
  return {
    request: {
      requestInfo: {
        messageId,
        serviceId,
        messageDate: new Date().toISOString(),
        sender: { senderId: 'test-sender', password: 'test-password' },
      },
      requestData: {
        data: {
          attributes: { 'xmlns:cs': 'http://message.persistence.interactive.nat', 'xsi:type': 'cs:Request' },
          messageId,
          senderCode: 'TEST_SENDER',
          iin,
        },
      },
    },
  };
}

async function main() {
  const client = await soap.createClientAsync(base + '/bip-sync/?wsdl');
  const described = client.describe();
  assert.ok(described.SyncChannelService.SyncChannelHttpPort.SendMessage, 'the WSDL describes SendMessage');

  const [result] = await client.SendMessageAsync(message('GBDFL_UniversalServiceSync', 'node-soap-1'));
  const info = result.response.responseInfo;
  assert.equal(info.status.code, 'SCSS001');
  assert.equal(info.correlationId, 'node-soap-1');
  const data = result.response.responseData.data;
  const person = [].concat(data.persons.person)[0];
  assert.equal(person.iin, iin);
  assert.equal(data.messageResult.code, '00000');
  if (process.env.SOAP_CHECK_REQUEST) {
    require('node:fs').writeFileSync(process.env.SOAP_CHECK_REQUEST, client.lastRequest);
  }
  console.log(`SendMessage GBDFL_UniversalServiceSync: ${info.status.code} "${info.status.message}", correlationId ${info.correlationId}, person ${person.iin} ${person.surname} ${person.name}, messageResult ${data.messageResult.code}`);

  try {
    await client.SendMessageAsync(message('NO_SUCH_SERVICE', 'node-soap-2'));
    assert.fail('an unknown serviceId was answered');
  } catch (err) {
    const fault = err.root && err.root.Envelope && err.root.Envelope.Body && err.root.Envelope.Body.Fault;
    assert.ok(fault, 'a SOAP Fault: ' + err);
    const detail = fault.detail.SendMessageFault1_SendMessageFault;
    assert.equal(detail.errorCode, 'SCE004');
    console.log(`SendMessage NO_SUCH_SERVICE: fault ${fault.faultcode}, ErrorInfo ${detail.errorCode} "${detail.errorMessage}"`);
  }
}

main().catch((err) => {
  console.error('soap-check:', err && err.stack ? err.stack : err);
  process.exit(1);
});
