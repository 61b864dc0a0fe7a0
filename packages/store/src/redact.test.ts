import { describe, expect, it } from 'vitest';
import { passesLuhn, redact } from './redact.ts';

describe('redact', () => {
  it.each([
    ['Write to jo.doe+shop@example.co.uk.', 'Write to [email].'],
    ['<anna_b@mail.example.com>', '<[email]>'],
    ['mailto:x1@ex-ample.org?subject=hi', 'mailto:[email]?subject=hi'],
    ['Jürgen.Müller@beispiel.de', '[email]'],
    ['two: a@b.io, c@d.io', 'two: [email], [email]'],
  ])('masks the e-mail address in %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['@handle on social media'],
    ['user@localhost'],
    ['a@b.c'],
    ['version@1.2.3'],
    ['name @ example.com'],
  ])('leaves %j alone (not an address)', (input) => {
    expect(redact(input)).toBe(input);
  });

  it.each([
    ['Call +44 20 7946 0958 today', 'Call [phone] today'],
    ['tel:+15551234567', 'tel:[phone]'],
    ['+1 (555) 123-4567', '[phone]'],
    ['+33 6 12 34 56 78', '[phone]'],
    ['(555) 123-4567', '[phone]'],
    ['555-123-4567 or 555.123.4567', '[phone] or [phone]'],
    ['555 123 4567', '[phone]'],
    ['020 7946 0958', '[phone]'],
    ['mobile 07700 900123.', 'mobile [phone].'],
    ['06 12 34 56 78', '[phone]'],
    ['06.12.34.56.78', '[phone]'],
    ['030-1234567', '[phone]'],
    ['ring 0612345678!', 'ring [phone]!'],
  ])('masks the phone number in %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['4111 1111 1111 1111', '[card]'],
    ['card: 4111-1111-1111-1111, exp 12/27', 'card: [card], exp 12/27'],
    ['5555555555554444', '[card]'],
    ['Amex 3782 822463 10005', 'Amex [card]'],
  ])('masks the card number in %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    // Prices and amounts.
    ['It costs $1,299.99 or 1 299,99 € or 1.299,99 EUR'],
    ['Budget: 1,000,000 and 2500000 units'],
    // Dates and times.
    ['Delivered 2024-01-15 at 10:30, or 15/01/2024, or 15.01.2024'],
    ['ISO time 2024-01-15T10:30:00Z, range 1990-2024'],
    // Order, tracking and reference numbers.
    ['Order #12345678 and order #555-123-4567'],
    ['Ref ORD-2024-000123, invoice INV0012345678'],
    ['Tracking 1Z999AA10123456784'],
    ['Order 5551234567 ships tomorrow'],
    ['Account 0012345678'],
    // A 16-digit number that fails the Luhn check, and one outside card ranges.
    ['4111 1111 1111 1112'],
    ['1700000000000000'],
    // Versions, addresses, coordinates.
    ['v1.2.3 on 192.168.100.254 at 51.5072, -0.1276'],
    ['Zip 90210, room 101'],
    // Digits inside longer numbers.
    ['pi is 3.14159265358979323846'],
  ])('leaves %j alone', (input) => {
    expect(redact(input)).toBe(input);
  });

  it('masks several kinds in one text and honours options', () => {
    const text = 'Mail jo@example.com, call +44 20 7946 0958, pay with 4111 1111 1111 1111.';
    expect(redact(text)).toBe('Mail [email], call [phone], pay with [card].');
    expect(redact(text, { phone: false, card: false })).toBe(
      'Mail [email], call +44 20 7946 0958, pay with 4111 1111 1111 1111.',
    );
  });

  it('does not let an address leak its digits into the number detectors', () => {
    expect(redact('4111111111111111@example.com')).toBe('[email]');
  });
});

describe('passesLuhn', () => {
  it('accepts valid card numbers and rejects a changed digit', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('4111111111111121')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});
