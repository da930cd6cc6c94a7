/**
 * The commented starting policy `radguard zones template` prints: a typical imaging department, with the rules the
 * seed's practice 4 asks for (imaging kept apart from office, e-mail and the internet). Every address is from the
 * documentation ranges; users replace them with their own VLANs.
 */
export const POLICY_TEMPLATE = `# Radguard zone policy (version 1): which networks exist and which flows between them are allowed.
# Everything between two different zones that is not listed under "allow" is a violation (default deny).
# Flows inside one zone are not judged. Check this file with: radguard zones validate FILE
version: 1
site: Example Hospital - Radiology

zones:
  # Modalities: CT, MR, CR/DR, US, mammography. They talk DICOM to PACS and nothing else.
  - name: imaging
    purpose: imaging
    cidrs: [10.20.10.0/24]
    description: Modality VLAN

  # PACS, RIS/HL7 interface engine, DICOM router, reading workstations' servers.
  - name: pacs
    purpose: pacs
    cidrs: [10.20.20.0/24]
    description: Imaging servers (PACS, RIS interface)

  # Office PCs, e-mail clients, general hospital users.
  - name: office
    purpose: office
    cidrs: [10.30.0.0/16]

  # Where vendor remote-support sessions land (jump host / VPN pool).
  - name: vendor
    purpose: vendor
    cidrs: [10.40.5.0/24]

  # Everything that is in no other zone: the internet, the hospital's DMZ.
  - name: outside
    purpose: outside

allow:
  # Modalities send images to PACS and query the worklist (C-FIND MWL) on DICOM.
  - from: imaging
    to: pacs
    services: [dicom, dicom-tls, hl7]
    description: modalities store to PACS and query the worklist

  # PACS sends prior studies back to modalities (C-MOVE destination) and verifies them (C-ECHO).
  - from: pacs
    to: imaging
    services: [dicom, dicom-tls]

  # Office users read images in the PACS web viewer, on HTTPS only, and only on the viewer host.
  - from: office
    to: pacs
    services: [https]
    hosts: [10.20.20.10]
    description: PACS web viewer

  # Office internet access is not what this policy is about: allow it so traffic imports stay quiet about it.
  - from: office
    to: outside
    ports: ["1-65535", "udp/1-65535"]

  # Vendor support reaches the PACS servers over SSH/RDP through the jump host only.
  - from: vendor
    to: pacs
    services: [ssh, rdp]

  # No rule lets imaging or pacs reach "outside": no internet, no e-mail (SMTP/IMAP/POP3) from imaging.
  # If PACS must fetch updates through a proxy, allow only that host and port, for example:
  # - from: pacs
  #   to: outside
  #   ports: [3128]
  #   hosts: [192.0.2.10/32]

# Outside hosts you own that a scan from the imaging vantage may try to reach (egress tests).
# Radguard never probes arbitrary internet addresses: list your SMTP relay, web proxy and a canary host.
egressTargets:
  - address: 192.0.2.25
    ports: [25, 587]
    label: hospital SMTP relay
  - address: 192.0.2.10
    ports: [3128, 443]
    label: web proxy
`;
