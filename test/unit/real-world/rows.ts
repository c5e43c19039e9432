// Real device output from public sources (issue 12 "Proof"): every row names its source. Sources:
// MM      = ModemManager, src/tests/test-modem-helpers.c (rows captured from the devices they name)
// MMAT    = ModemManager, src/tests/test-at-serial-port.c (parse_ok_tests / parse_error_tests)
// MMSIM   = ModemManager, plugins/simtech/tests/test-modem-helpers-simtech.c
// LILY<n> = github.com/Xinyuan-LilyGO/LilyGo-Modem-Series issue <n> (A7670E logs)
// K-RM500Q = Linux commit 06f22cd6635b (USB: serial: option: add Quectel RM500Q R13 firmware support)
// K-8230C  = Linux commit 0b39b055b5b4 + linux-usb thread "USB: serial: option: add SIMCom 8230C compositions"
// PR1300   = github.com/torvalds/linux pull 1300 (SIM8230x dmesg)
// QF21726  = forums.quectel.com/t/ec200a-and-usb-modern-mode/21726 (EC200A dmesg + usb devices)
// A7670-J  = journalctl -k of an A7670E in the public write-up "Cellular Connectivity with Raspberry Pi 4B"
// SO75840041 = StackOverflow 75840041 (SIM8262E-M2 on 901e)

/** [source, line or lines, stat, area, cell, act] for registration lines. */
export type RegRow = [source: string, line: string, shape: 'read' | 'urc', stat: number, area?: string, cell?: string, act?: number];

export const REGISTRATION: RegRow[] = [
  ['MM test_creg2_mercury_solicited (Sierra Mercury)', '+CREG: 1,1,84CD,00D30173', 'read', 1, '84CD', '00D30173'],
  ['MM test_creg2_mercury_unsolicited (Sierra Mercury)', '+CREG: 1,84CD,00D30156', 'urc', 1, '84CD', '00D30156'],
  ['MM test_creg2_sek850i_solicited (Sony Ericsson K850i)', '+CREG: 2,1,"CE00","01CEAD8F"', 'read', 1, 'CE00', '01CEAD8F'],
  ['MM test_creg2_sek850i_unsolicited (Sony Ericsson K850i)', '+CREG: 1,"CE00","00005449"', 'urc', 1, 'CE00', '00005449'],
  ['MM test_creg2_e160g_solicited_unregistered (Huawei E160G)', '+CREG: 2,0,00,0', 'read', 0, '00', '0'],
  ['MM test_creg2_e160g_solicited (Huawei E160G)', '+CREG: 2,1,8BE3,2BAF', 'read', 1, '8BE3', '2BAF'],
  ['MM test_creg2_e160g_unsolicited (Huawei E160G)', '+CREG: 1,8BE3,2BAF', 'urc', 1, '8BE3', '2BAF'],
  ['MM test_creg2_tm506_solicited (Sony Ericsson TM-506)', '+CREG: 2,1,"8BE3","00002BAF"', 'read', 1, '8BE3', '00002BAF'],
  ['MM test_creg2_xu870_unsolicited_unregistered (Novatel XU870)', '+CREG: 2,,', 'urc', 2],
  ['MM test_creg2_iridium_solicited (Iridium)', '+CREG:002,001,"18d8","ffff"', 'read', 1, '18d8', 'ffff'],
  ['MM test_creg2_ublox_solicited (u-blox TOBY-L2 on LTE)', '+CREG: 2,6,"8B37","0A265185",7', 'read', 6, '8B37', '0A265185', 7],
  ['MM test_creg2_ublox_unsolicited (u-blox TOBY-L2 on LTE)', '+CREG: 6,"8B37","0A265185",7', 'urc', 6, '8B37', '0A265185', 7],
  ['MM test_cgreg2_f3607gw_solicited (Ericsson F3607gw)', '+CGREG: 2,1,"8BE3","00002B5D",3', 'read', 1, '8BE3', '00002B5D', 3],
  ['MM test_cgreg2_f3607gw_unsolicited (Ericsson F3607gw)', '+CGREG: 1,"8BE3","00002B5D",3', 'urc', 1, '8BE3', '00002B5D', 3],
  ['MM test_creg2_md400_unsolicited (Sony-Ericsson MD400)', '+CREG: 2,5,"0502","0404736D"', 'read', 5, '0502', '0404736D'],
  ['MM test_cgreg2_md400_unsolicited (Sony-Ericsson MD400)', '+CGREG: 5,"0502","0404736D",2', 'urc', 5, '0502', '0404736D', 2],
  ['MM test_creg_cgreg_multi_unsolicited', '+CREG: 5', 'urc', 5],
  ['MM test_creg_cgreg_multi_unsolicited', '+CGREG: 0', 'urc', 0],
  ['MM test_cgreg2_x220_unsolicited (Alcatel One-Touch X220D)', '+CGREG: 2,1, 81ED, 1A9CEB', 'read', 1, '81ED', '1A9CEB'],
  ['MM test_creg2_s8500_wave_unsolicited (Samsung Wave S8500)', '+CREG: 2,1,000B,2816, B, C2816', 'read', 1, '000B', '2816'],
  ['MM test_creg2_gobi_weird_solicited (Qualcomm Gobi 1000)', '+CREG: 2,1,  0 5, 2715', 'read', 1, '05', '2715'],
  ['MM test_cgreg2_unsolicited_with_rac', '+CGREG: 1,"1422","00000142",3,"00"', 'urc', 1, '1422', '00000142', 3],
  ['MM test_cereg2_solicited', '+CEREG: 2,1, 1F00, 79D903 ,7', 'read', 1, '1F00', '79D903', 7],
  ['MM test_cereg2_unsolicited', '+CEREG: 1, 1F00, 79D903 ,7', 'urc', 1, '1F00', '79D903', 7],
  ['MM test_cereg2_altair_lte_solicited (Altair LTE)', '+CEREG: 1, 2, 0001, 00000100, 7', 'read', 2, '0001', '00000100', 7],
  ['MM test_cereg2_altair_lte_unsolicited (Altair LTE)', '+CEREG: 2, 0001, 00000100, 7', 'urc', 2, '0001', '00000100', 7],
  ['MM test_cereg2_novatel_lte_solicited (Novatel E362)', '+CEREG: 2,1, 1F00, 20 ,79D903 ,7', 'read', 1, '1F00', '79D903', 7],
  ['MM test_cereg2_novatel_lte_unsolicited (Novatel E362)', '+CEREG: 1, 1F00, 20 ,79D903 ,7', 'urc', 1, '1F00', '79D903', 7],
  ['MM test_cgreg2_thuraya_solicited (Thuraya)', '+CGREG: 2, 1, "0426", "F00F"', 'read', 1, '0426', 'F00F'],
  ['MM test_cgreg2_thuraya_unsolicited (Thuraya)', '+CGREG: 1, "0426", "F00F"', 'urc', 1, '0426', 'F00F'],
  ['MM test_c5greg2_solicited', '+C5GREG: 2,1,1F00,79D903,11,6,ABCDEF', 'read', 1, '1F00', '79D903', 11],
  ['MM test_c5greg2_unsolicited', '+C5GREG: 1,1F00,79D903,11,6,ABCDEF', 'urc', 1, '1F00', '79D903', 11],
  ['MM test_creg1_solicited', '+CREG: 1,3', 'read', 3],
  ['MM test_creg1_unsolicited', '+CREG: 3', 'urc', 3],
  ['MM test_cereg1_unsolicited', '+CEREG: 3', 'urc', 3],
  ['MM test_c5greg1_unsolicited', '+C5GREG: 3', 'urc', 3],
  ['LILY469 A7670E-LASE A011B12A7670M7: "AT+CEREG returns 0,11"', '+CEREG: 0,11', 'read', 11],
  ['LILY372 A7670E-LNXY-UBL: "Registration Status:11"', '+CEREG: 11', 'urc', 11],
  ['transcripts T-9 SIM7600G-H', '+CREG: 0,1', 'read', 1],
  ['transcripts T-13 SIM7600G-H', '+CGREG: 0,2', 'read', 2],
];

/** [source, line, command in flight, URC kind] */
export type UrcRow = [source: string, line: string, inFlight: string, kind: string];

const CGEV = [
  '+CGEV: REJECT IP, 123.123.123.123',
  '+CGEV: NW REACT IP, 123.123.123.123',
  '+CGEV: NW REACT IP, 123.123.123.123, 1',
  '+CGEV: NW DEACT IP, 123.123.123.123',
  '+CGEV: NW DEACT IP, 123.123.123.123, 1',
  '+CGEV: ME DEACT IP, 123.123.123.123',
  '+CGEV: ME DEACT IP, 123.123.123.123, 1',
  '+CGEV: ME PDN ACT 2',
  '+CGEV: ME PDN ACT 2, 3',
  '+CGEV: ME PDN ACT 2, 3, 4',
  '+CGEV: ME PDN DEACT 2',
  '+CGEV: ME ACT 3, 2, 1',
  '+CGEV: ME DEACT 3, 2, 1',
  '+CGEV: NW PDN ACT 2',
  '+CGEV: NW PDN DEACT 2',
  '+CGEV: NW ACT 3, 2, 1',
  '+CGEV: NW DEACT 3, 2, 1',
  '+CGEV: NW DETACH',
  '+CGEV: ME DETACH',
  '+CGEV: NW CLASS A',
  '+CGEV: ME CLASS A',
];

export const URCS: UrcRow[] = [
  ['MMSIM voice call URC (SIMCom)', 'VOICE CALL: BEGIN', 'AT+CGMM', 'VOICE CALL'],
  ['MMSIM voice call URC (SIMCom)', 'VOICE CALL: END', 'AT+CGMM', 'VOICE CALL'],
  ['MMSIM voice call URC (SIMCom)', 'VOICE CALL: END: 000041', 'AT+CIMI', 'VOICE CALL'],
  ['MMSIM missed call URC (SIMCom)', 'MISSED_CALL: 11:01AM 07712345678', 'AT+CGMM', 'MISSED_CALL'],
  ['MMSIM cring URC (SIMCom)', '+CRING: VOICE', 'AT+CIMI', '+CRING'],
  ['MMSIM rxdtmf URC (SIMCom)', '+RXDTMF: A', 'AT+CGMM', '+RXDTMF'],
  ['MMSIM rxdtmf URC (SIMCom)', '+RXDTMF: 8', 'AT+CGSN', '+RXDTMF'],
  ['MMSIM rxdtmf URC (SIMCom)', '+RXDTMF: *', 'AT+CGMM', '+RXDTMF'],
  ['MMSIM rxdtmf URC (SIMCom)', '+RXDTMF: #', 'AT+CIMI', '+RXDTMF'],
  ['MMSIM clcc URC with ^CIEV around it (SIMCom)', '^CIEV: 1,0', 'AT+CGMM', '^CIEV'],
  ['MMSIM clcc URC (SIMCom)', '+CLCC: 1,1,0,0,0,"123456789",161', 'AT+CIMI', '+CLCC'],
  ['MMSIM clcc URC (SIMCom)', '+CLCC: 3,1,0,0,0,"987654321",161,"Alice"', 'AT+CGMM', '+CLCC'],
  ['MMAT parse_ok_tests', '+CMTI: "ME",1', 'AT+CGSN', '+CMTI'],
  ['MMAT parse_ok_tests', '+CIEV: 7,1', 'AT+CGMR', '+CIEV'],
  ['MMAT parse_ok_tests', '+CLIP: "+0123456789",145,,,,0', 'AT+CIMI', '+CLIP'],
  ['transcripts T-9 SIM7600G-H', '+CMTI: "SM",4', 'AT+CPIN?', '+CMTI'],
  ['transcripts T-13 SIM7600G-H', '+NETOPEN: 0', 'AT+IPADDR', '+NETOPEN'],
  ['transcripts T-32 SIM7600 boot', 'RDY', 'AT+CGMM', 'RDY'],
  ['LILY469 A7670E reboot', '*ATREADY: 1', 'AT+NETOPEN', '*ATREADY: 1'],
  ['LILY469 A7670E reboot', 'SMS DONE', 'AT+NETOPEN', 'SMS DONE'],
  ['LILY469 A7670E reboot', 'PB DONE', 'AT+NETOPEN', 'PB DONE'],
  ...CGEV.map((l): UrcRow => ['MM cgev_indication_tests (27.007 §10.1.19 forms)', l, 'AT+CGMM', '+CGEV']),
  ['MM test_creg2_ublox_unsolicited during the read (u-blox TOBY-L2)', '+CREG: 6,"8B37","0A265185",7', 'AT+CREG?', '+CREG'],
  ['MM test_cgreg2_f3607gw_unsolicited during the read (Ericsson F3607gw)', '+CGREG: 1,"8BE3","00002B5D",3', 'AT+CGREG?', '+CGREG'],
  ['MM test_cereg2_unsolicited during the read', '+CEREG: 1, 1F00, 79D903 ,7', 'AT+CEREG?', '+CEREG'],
  ['MM test_c5greg2_unsolicited during the read', '+C5GREG: 1,1F00,79D903,11,6,ABCDEF', 'AT+C5GREG?', '+C5GREG'],
];

/** [source, line, kind or undefined (not a final), code?] */
export type FinalRow = [source: string, line: string, kind: string | undefined, code?: number];

export const FINALS: FinalRow[] = [
  ['MMAT parse_error_tests', 'MODEM ERROR: 5', 'error', 5],
  ['MMAT parse_error_tests (not a final)', 'MODEM ERROR: apple', undefined],
  ['MMAT parse_error_tests (not a final)', 'MODEM ERROR:', undefined],
  ['MMAT parse_error_tests', 'COMMAND NOT SUPPORT', 'error'],
  ['MMAT parse_error_tests', 'NO CARRIER', 'no-carrier'],
  ['MMAT parse_error_tests', 'BUSY', 'busy'],
  ['MMAT parse_error_tests', 'NO ANSWER', 'no-answer'],
  ['MMAT parse_error_tests', 'NO DIALTONE', 'no-dialtone'],
  ['MMAT parse_error_tests', '+CME ERROR: raspberry', 'cme-error'],
  ['MMAT parse_error_tests', '+CME ERROR: 123', 'cme-error', 123],
  ['MMAT parse_error_tests', '+CMS ERROR: 456', 'cms-error', 456],
  ['MMAT parse_error_tests', '+CMS ERROR: bananas', 'cms-error'],
  ['MMAT parse_error_tests (not a final)', 'UNKNOWN COMMAND', undefined],
  ['transcripts T-13 SIM7600G-H (verbose CMEE=2)', '+CME ERROR: SIM busy', 'cme-error', 14],
  ['transcripts T-9 SIM7600G-H', 'ERROR', 'error'],
  ['MM test-error-helpers.c: verbose text without spaces', '+CME ERROR: operationnotallowed', 'cme-error', 3],
  ['MM test-error-helpers.c: unknown verbose text stays unmapped', '+CME ERROR: arratsaldeon', 'cme-error'],
];

/** [source, lines, functionality] */
export const CFUN: [string, string, number][] = [
  ['MM cfun_query_tests', '+CFUN: 1', 1],
  ['MM cfun_query_tests', '+CFUN: 1,0', 1],
  ['MM cfun_query_tests', '+CFUN: 0', 0],
  ['MM cfun_query_tests', '+CFUN: 0,0', 0],
  ['MM cfun_query_tests', '+CFUN: 19', 19],
  ['MM cfun_query_tests', '+CFUN: 19,0', 19],
];

/**
 * [source, raw value, iccid or undefined, luhn]. ModemManager's example ICCIDs fail the E.118 check
 * digit (anonymised digits; ModemManager does not check it): they are parsed and flagged 'bad'.
 */
export const ICCIDS: [string, string, string | undefined, string?][] = [
  ['transcripts-style SIM7600 answer (existing parsers.test row, trailing F)', '8944500102198304826F', '8944500102198304826', 'ok'],
  ['MM test_iccid_parse_quoted_swap_19_digit', '"984402003576012594F9"', '8944200053671052499', 'bad'],
  ['MM test_iccid_parse_unquoted_swap_20_digit', '98231420326409614067', '89324102234690160476', 'bad'],
  ['MM test_iccid_parse_unquoted_unswapped_19_digit', '8944200053671052499F', '8944200053671052499', 'bad'],
  ['MM test_iccid_parse_unquoted_unswapped_19_digit_no_f', '8944200053671052499', '8944200053671052499', 'bad'],
  ['MM test_iccid_parse_quoted_unswapped_20_digit', '"89324102234690160476"', '89324102234690160476', 'bad'],
  ['MM test_iccid_parse_quoted_unswapped_hex_account', '"898602F9091830030220"', '898602F9091830030220', 'not-applicable'],
  ['MM test_iccid_parse_quoted_unswapped_hex_account_2', '"898602C0123456789012"', '898602C0123456789012', 'not-applicable'],
  ['MM test_iccid_parse_short', '982314203264096', undefined],
  ['MM test_iccid_parse_invalid_chars', '98231420326pl9614067', undefined],
  ['MM test_iccid_parse_quoted_invalid_mii', '"0044200053671052499"', undefined],
  ['MM test_iccid_parse_unquoted_invalid_mii', '0044200053671052499', undefined],
];

/** [source, existing (read back), requested, same] */
export const APNS: [string, string, string, boolean][] = [
  ['MM test_apn_cmp', 'm2m.com.attz', 'm2m.com.attz', true],
  ['MM test_apn_cmp', 'm2m.com.attz', 'M2M.COM.ATTZ', true],
  ['MM test_apn_cmp', 'M2M.COM.ATTZ', 'm2m.com.attz', true],
  ['MM test_apn_cmp', 'm2m.com.attz.mnc170.mcc310.gprs', 'm2m.com.attz', true],
  ['MM test_apn_cmp', 'ac.vodafone.es.MNC001.MCC214.GPRS', 'ac.vodafone.es', true],
  ['MM test_apn_cmp', '', 'm2m.com.attz', false],
  ['MM test_apn_cmp', 'm2m.com.attz', '', false],
  ['MM test_apn_cmp', 'm2m.com.attz', 'm2m.com.attz.mnc170.mcc310.gprs', false],
  ['MM test_apn_cmp', 'ac.vodafone.es', 'ac.vodafone.es.MNC001.MCC214.GPRS', false],
  ['MM test_apn_cmp', 'internet.test', 'internet', false],
  ['MM test_apn_cmp', 'internet.test', 'INTERNET', false],
  ['MM test_apn_cmp', 'internet.test', 'internet.tes', false],
];

/** Payload lines of real answers, for the property test (each parser is fed them with random lines mixed in). */
export const REAL_PAYLOADS: [string, string, string[]][] = [
  ['MM test_cgdcont_read_response_nokia (Nokia)', 'AT+CGDCONT?', ['+CGDCONT: 1,"IP",,,0,0']],
  ['MM test_cgdcont_read_response_samsung (Samsung)', 'AT+CGDCONT?', ['+CGDCONT: 1,"IP","nate.sktelecom.com","",0,0', '+CGDCONT: 2,"IP","epc.tmobile.com","",0,0', '+CGDCONT: 3,"IP","MAXROAM.com","",0,0']],
  ['MM cops_query_data', 'AT+COPS?', ['+COPS: 1,0,"CHINA MOBILE",7']],
  ['MM cops_query_data', 'AT+COPS?', ['+COPS: 1,2,"46000"']],
  ['LILY322 A7670E', 'AT+COPS?', ['+COPS: 0,2,"42501",7']],
  ['LILY322 A7670E', 'AT+CSQ', ['+CSQ: 23,99']],
  ['LILY322 A7670E', 'AT+CGPADDR=1', ['+CGPADDR: 1,100.103.197.85']],
  ['LILY469 A7670E-LASE AT+SIMCOMATI', 'ATI', ['Manufacturer: INCORPORATED', 'Model: A7670E-LASE', 'Revision: A011B12A7670M7', 'A7670M7_B12V02_220613', '+GCAP: +CGSM,+FCLASS,+DS']],
  ['LILY372 A7670E-LNXY-UBL', 'ATI', ['Manufacturer: SIMCOM INCORPORATED', 'Model: A7670E-LNXY-UBL', 'Revision: 23110B01A7670M4A_CUS_UBIA_91530228', 'A7670M4_B01V01_230724', 'IMEI: XXXXX']],
];
