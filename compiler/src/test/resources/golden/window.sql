SELECT customer, id, amount,
       row_number() OVER (PARTITION BY customer ORDER BY placed, id) AS nth,
       sum(amount) OVER (PARTITION BY customer ORDER BY placed) AS running
FROM orders
WHERE amount > ALL (SELECT amount FROM orders WHERE status = 'refund')
